import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { repoRoot } from '../../harness/paths.ts';
import { runCli, type CliRun } from '../support/cli.ts';
import { readCsv } from '../support/csv.ts';

const brokers = inject('kafkaBrokers');
const resultsRoot = mkdtempSync(path.join(os.tmpdir(), 'ksb-test-load-step-'));
afterAll(() => rmSync(resultsRoot, { recursive: true, force: true }));
const scenario = path.join(repoRoot, 'test/fixtures/scenarios-run/load-step.yaml');

/** 40 orders/s, doubled at 4 s and back to 40 at 8 s, against one replica of ~60/s. */
let run: CliRun;
let dir: string;
beforeAll(async () => {
  run = await runCli('harness/cli/bench.ts', ['--scenario', scenario, '--brokers', brokers, '--results-dir', resultsRoot], { timeoutMs: 150_000 });
  expect(run.code, run.stderr + run.stdout).toBe(0);
  dir = path.join(resultsRoot, readdirSync(resultsRoot)[0]!);
}, 150_000);

describe('npm run bench with setRate in the timeline (a load step)', () => {
  it('--dry-run describes the steps under the cell named by its base rate', async () => {
    const dry = await runCli('harness/cli/bench.ts', ['--scenario', scenario, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    // A factor is shown with the orders/s it gives in this cell.
    expect(dry.stdout).toMatch(/^p1-r1-rate40 .*rate=40\/s .*timeline: 4s setRate\(x2\) -> 80\/s, 8s setRate\(40\)$/m);
  });

  it('timeseries.csv offers 40/s, then 80/s from the step, then 40/s: every intended second there, exactly as scheduled', () => {
    const series = readCsv(path.join(dir, 'timeseries.csv'));
    const offered = new Map(series.filter((p) => p.metric === 'offered').map((p) => [Number(p.second), Number(p.value)]));
    // Every second of the schedule, warm-up (-2, -1) included, and no other offers anything (a
    // second after the schedule may be there with 0 offered: answers that came late, on a busy machine).
    const offering = [...offered].filter(([, value]) => value > 0).map(([second]) => second);
    expect(offering.sort((a, b) => a - b)).toEqual(Array.from({ length: 18 }, (_, i) => i - 2));
    for (const second of offered.keys()) expect(second, 'a second before the warm-up').toBeGreaterThanOrEqual(-2);
    const expected = (second: number) => (second >= 4 && second < 8 ? 80 : 40);
    // `offered` counts requests by intended time: the schedule's, whatever the service did.
    for (const second of offering) expect(Math.abs(offered.get(second)! - expected(second)), `second ${second}: ${offered.get(second)}`).toBeLessThanOrEqual(1);
    const total = [...offered.values()].reduce((a, b) => a + b, 0);
    expect(total).toBe(40 * 14 + 80 * 4);
    console.log(`load step: offered per second ${[...offered].map(([second, value]) => `${second}:${value}`).join(' ')}`);
    // And the service answered what was offered, second by second, give or take the edges.
    const ok = series.filter((p) => p.metric === 'http_ok' && Number(p.second) >= 5 && Number(p.second) < 7);
    for (const p of ok) expect(Number(p.value)).toBeGreaterThan(60);
  });

  it('summary.csv: the base rate as target, the mean as achieved, nothing lost, and how long the backlog took to drain', () => {
    const [s] = readCsv(path.join(dir, 'summary.csv'));
    expect(s).toMatchObject({ cell: 'p1-r1-rate40', status: 'ok', target_rate: '40', orders_lost: '0', drained: 'true', rebalances: '0' });
    // (40 x 12 + 80 x 4) / 16 = 50.
    expect(Math.abs(Number(s!.achieved_rate) - 50) / 50).toBeLessThan(0.05);
    const drainMs = Number(s!.step_drain_ms);
    expect(s!.step_drain_ms).not.toBe('');
    // The burst's backlog is worked off only once the rate is down again, 4 s after the step.
    expect(drainMs).toBeGreaterThan(0);
    const raw = JSON.parse(readFileSync(path.join(dir, 'raw', 'p1-r1-rate40-1', 'cell.json'), 'utf8'));
    expect(drainMs).toBeLessThan(raw.times.drainEnd - raw.timeline[0].executedAt + 1_000);
    // The steps ran at their planned times, and each starts a phase.
    expect(raw.timeline.map((a: { plannedAt: number; executedAt: number }) => a.executedAt - a.plannedAt)).toEqual([0, 0]);
    const phases = new Set(readCsv(path.join(dir, 'consumers.csv')).map((c) => c.phase));
    expect([...phases].sort()).toEqual(['0', '1', '2']);
    const lag = readCsv(path.join(dir, 'timeseries.csv')).filter((p) => p.metric === 'lag');
    console.log(
      `load step: step_drain_ms ${s!.step_drain_ms}, achieved ${s!.achieved_rate}, lag_max ${s!.lag_max}, lag per second ${lag.map((p) => `${p.second}:${p.value}`).join(' ')}`,
    );
  });
});
