import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

// test/fixtures/results/sweep-model: 50/s per consumer, capacity 50 x min(partitions, replicas).
const sweep = 'test/fixtures/results/sweep-model';
const planCli = (args: string[]) => runCli('harness/cli/plan.ts', args, { timeoutMs: 60_000 });

describe('npm run plan', () => {
  it('exits 0 with a measured recommendation, 4 when the sweep does not cover the target, 2 on bad usage', async () => {
    const [covered, extrapolated, json, noTarget, missing, negative] = await Promise.all([
      planCli([sweep, '--target-rate', '100']),
      planCli([sweep, '--target-rate', '500', '--headroom', '0.2']),
      planCli([sweep, '--target-rate', '100', '--max-p99-ms', '100', '--format', 'json']),
      planCli([sweep]),
      planCli(['test/fixtures/results/nope', '--target-rate', '100']),
      planCli([sweep, '--target-rate', '-1']),
    ]);

    expect(covered.code, covered.stderr).toBe(0);
    expect(covered.stdout).toContain('2. One replica sustains 50/s');
    expect(covered.stdout).toMatch(/Recommendation: 4 partitions x 4 replicas \(cell p4-r4-rate150, capacity 150\/s, measured\)\.\n$/);

    expect(extrapolated.code).toBe(4);
    expect(extrapolated.stdout).toContain('Recommendation: 12 partitions x 12 replicas, EXTRAPOLATED (600/s)');
    expect(extrapolated.stdout).toContain(
      'note: not covered: 600/s needs 12 consumers x 50/s = 600/s, more than the 8 active consumers the sweep measured at most',
    );

    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ covered: true, recommendation: { partitions: 8, replicas: 4, basis: 'measured' } });

    expect(noTarget.code).toBe(2);
    expect(noTarget.stderr).toMatch(/^error\[BAD_ARGUMENT\]: Missing required argument: target-rate/);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error\[RESULTS_NOT_FOUND\]: test\/fixtures\/results\/nope: no such folder/);
    expect(negative.code).toBe(2);
    expect(negative.stderr).toMatch(/^error\[BAD_ARGUMENT\]: --target-rate: expected orders\/s > 0, got -1/);
  });

  it('plans each variant of a share vs consumer run and says which needed fewer partitions; 4 when none is covered', async () => {
    const shareGroups = 'test/fixtures/results/share-groups';
    const [both, none] = await Promise.all([
      planCli([shareGroups, '--target-rate', '120']),
      planCli([shareGroups, '--target-rate', '120', '--max-lag-seconds', '0.5']),
    ]);
    expect(both.code, both.stderr).toBe(0);
    expect(both.stdout).toContain('=== java-share-simple (share protocol) ===');
    expect(both.stdout).toContain('=== java-consumer-uniform (consumer protocol) ===');
    expect(both.stdout).toMatch(
      /java-share-simple met 144\/s at the same load \(150\/s offered\) with the fewest partitions, then replicas: 1 partition x 4 replicas \(measured\)\n$/,
    );
    expect(none.code).toBe(4);
    expect(none.stdout).toContain('no variant has a measured cell that meets 144/s');
  });
});
