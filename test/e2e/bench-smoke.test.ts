import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { SUMMARY_COLUMNS } from '../../harness/results/csv/summary.ts';
import { CONSUMER_COLUMNS } from '../../harness/results/csv/consumers.ts';
import { TIMESERIES_COLUMNS } from '../../harness/results/csv/timeseries.ts';
import { REBALANCE_COLUMNS } from '../../harness/results/csv/rebalances.ts';
import { runCli } from '../support/cli.ts';
import { readCsv, readHeader } from '../support/csv.ts';

const brokers = inject('kafkaBrokers');
const resultsRoot = mkdtempSync(path.join(os.tmpdir(), 'ksb-test-results-'));
const bench = (args: string[]) => runCli('harness/cli/bench.ts', args, { timeoutMs: 180_000 });

afterAll(() => rmSync(resultsRoot, { recursive: true, force: true }));

describe('npm run bench -- --scenario smoke', () => {
  it('runs the smoke scenario end to end and writes every file with its columns', async () => {
    const run = await bench(['--scenario', 'smoke', '--brokers', brokers, '--results-dir', resultsRoot]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/p2-r2-rate50\s+1\s+ok/);
    const [folder] = readdirSync(resultsRoot).filter((d) => d.endsWith('-smoke'));
    expect(folder).toBeDefined();
    const dir = path.join(resultsRoot, folder!);
    expect(run.stdout).toContain(folder);

    expect(readHeader(path.join(dir, 'summary.csv'))).toEqual([...SUMMARY_COLUMNS]);
    expect(readHeader(path.join(dir, 'consumers.csv'))).toEqual([...CONSUMER_COLUMNS]);
    expect(readHeader(path.join(dir, 'timeseries.csv'))).toEqual([...TIMESERIES_COLUMNS]);
    expect(readHeader(path.join(dir, 'rebalances.csv'))).toEqual([...REBALANCE_COLUMNS]);
    for (const kind of ['e2e', 'http']) {
      const file = path.join(dir, 'histograms', `p2-r2-rate50-1-${kind}.csv`);
      expect(readHeader(file)).toEqual(['Value', 'Percentile', 'TotalCount', '1/(1-Percentile)']);
      const rows = readCsv(file);
      expect(Number(rows.at(-1)!.Percentile)).toBe(1);
    }

    const [summary] = readCsv(path.join(dir, 'summary.csv'));
    expect(summary).toMatchObject({ cell: 'p2-r2-rate50', repeat: '1', status: 'ok', partitions: '2', replicas: '2', target_rate: '50' });
    expect(Math.abs(Number(summary!.achieved_rate) - 50) / 50).toBeLessThan(0.05);
    // 2 s warm-up + 8 s at 50/s: every order accepted, processed exactly once.
    expect(Number(summary!.orders_accepted)).toBeGreaterThanOrEqual(495);
    expect(summary!.orders_processed).toBe(summary!.orders_accepted);
    expect(summary!.orders_lost).toBe('0');
    expect(summary!.orders_duplicated).toBe('0');
    expect(Number(summary!.e2e_p50_ms)).toBeGreaterThan(0);
    expect(Number(summary!.e2e_p99_ms)).toBeGreaterThanOrEqual(Number(summary!.e2e_p50_ms));
    expect(summary!.idle_replicas).toBe('0');
    expect(summary!.drained).toBe('true');

    const consumers = readCsv(path.join(dir, 'consumers.csv'));
    expect(consumers.map((c) => c.replica).sort()).toEqual(['inventory-0', 'inventory-1']);
    expect(consumers.map((c) => c.partitions).sort()).toEqual(['0', '1']);

    const series = readCsv(path.join(dir, 'timeseries.csv'));
    expect(new Set(series.map((s) => s.metric))).toEqual(new Set(['throughput', 'lag', 'lag_seconds', 'offered', 'http_ok']));

    const meta = JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8'));
    expect(meta).toMatchObject({ status: 'ok', versions: { node: process.version }, kafka: { mode: 'external' } });
    expect(meta.scenarioHash).toMatch(/^[0-9a-f]{64}$/);
    expect(meta.machine.cpus).toBeGreaterThan(0);
    expect(existsSync(path.join(dir, 'raw', 'p2-r2-rate50-1', 'cell.json'))).toBe(true);
  });

  it('lists the shipped scenarios and prints expanded cells on --dry-run', async () => {
    const list = await bench(['--list']);
    for (const name of ['scale-out', 'sweep', 'scale-in', 'smoke']) expect(list.stdout).toMatch(new RegExp(`^${name}\\s`, 'm'));
    const dry = await bench(['--scenario', 'sweep', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout.match(/^p\d-r\d-rate150 /gm)).toHaveLength(16);
  });

  it('rejects a broken scenario with every problem and no stack trace', async () => {
    const file = path.join(resultsRoot, 'broken.yaml');
    writeFileSync(file, 'topology:\n  partitions: 0\n  replicas: 2\n  colour: blue\nload:\n  rate: fast\n  durationS: 10\n');
    const run = await bench(['--scenario', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error[SCENARIO_INVALID]');
    expect(run.stderr).toMatch(/topology\.partitions: .*got 0/);
    expect(run.stderr).toMatch(/topology\.colour/);
    expect(run.stderr).toMatch(/load\.rate: .*"fast"/);
    expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    const missing = await bench(['--scenario', 'no-such-scenario']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('error[SCENARIO_NOT_FOUND]');
    const badFlag = await bench(['--scenario', 'smoke', '--cell', 'p9-r9-rate1', '--dry-run']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain('--cell p9-r9-rate1: no such cell in smoke');
  });
});
