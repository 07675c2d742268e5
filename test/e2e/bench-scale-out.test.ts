import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { readCsv } from '../support/csv.ts';

const brokers = inject('kafkaBrokers');
const resultsRoot = mkdtempSync(path.join(os.tmpdir(), 'ksb-test-scaleout-'));
afterAll(() => rmSync(resultsRoot, { recursive: true, force: true }));

/** One run of the shipped scenario; each describe reads its own files of it. */
let dir: string;
beforeAll(async () => {
  const run = await runCli('harness/cli/bench.ts', ['--scenario', 'scale-out', '--brokers', brokers, '--results-dir', resultsRoot], { timeoutMs: 240_000 });
  expect(run.code, run.stderr + run.stdout).toBe(0);
  dir = path.join(resultsRoot, readdirSync(resultsRoot)[0]!);
}, 240_000);

describe('npm run bench -- --scenario scale-out (the lab, measured)', () => {
  it('shows the idle replica, the rebalance after the alter, its pause, and loses nothing', () => {
    const consumers = readCsv(path.join(dir, 'consumers.csv'));
    const phase0 = consumers.filter((c) => c.phase === '0');
    const phase1 = consumers.filter((c) => c.phase === '1');
    // Phase 0: one partition, two replicas: one owns it and does all the work, the other idles.
    expect(phase0.map((c) => c.partitions).sort()).toEqual(['', '0']);
    const idle = phase0.find((c) => c.partitions === '')!;
    expect(idle.processed).toBe('0');
    expect(Number(phase0.find((c) => c.partitions === '0')!.processed)).toBeGreaterThan(1000);
    // After the alter to 2 partitions: one each, and both process.
    expect(phase1.map((c) => c.partitions).sort()).toEqual(['0', '1']);
    for (const c of phase1) expect(Number(c.processed)).toBeGreaterThan(200);

    const rebalances = readCsv(path.join(dir, 'rebalances.csv'));
    expect(rebalances.length).toBeGreaterThan(0);
    // The alter is the only action, so every rebalance under load follows from it.
    expect(
      rebalances.map((r) => r.trigger),
      JSON.stringify(rebalances),
    ).toEqual(rebalances.map(() => 'alterPartitions(2)'));
    const pause = Number(rebalances.find((r) => r.partition === '0')!.pause_ms);
    expect(pause).toBeGreaterThan(0);
    expect(Number(rebalances[0]!.detection_ms)).toBeLessThan(10_000);

    const [summary] = readCsv(path.join(dir, 'summary.csv'));
    expect(summary).toMatchObject({ status: 'ok', partitions: '1', partitions_final: '2', orders_lost: '0', idle_replicas: '1' });
    expect(Number(summary!.rebalances)).toBeGreaterThanOrEqual(1);
    expect(Number(summary!.rebalance_pause_max_ms)).toBe(Math.max(...rebalances.map((r) => Number(r.pause_ms || 0))));
    expect(Number(summary!.fairness)).toBeGreaterThan(0.9);
    expect(Number(summary!.fairness_first_phase)).toBeCloseTo(0.5, 2);

    // Lag agrees with itself: the summary's maximum in seconds is the series' highest value, and
    // every second where the probe saw a partition lag has that partition's lag in seconds above 0.
    const series = readCsv(path.join(dir, 'timeseries.csv'));
    const lagSeconds = series.filter((p) => p.metric === 'lag_seconds' && Number(p.second) >= 0);
    expect(Number(summary!.lag_max_seconds)).toBeCloseTo(Math.max(...lagSeconds.map((p) => Number(p.value))), 3);
    const lagging = series.filter((p) => p.metric === 'lag' && Number(p.value) > 0 && Number(p.second) >= 0);
    expect(lagging.length).toBeGreaterThan(0);
    for (const p of lagging) {
      const seconds = lagSeconds.find((q) => q.second === p.second && q.subject === p.subject);
      expect(Number(seconds?.value ?? 0), `second ${p.second}, partition ${p.subject}: lag ${p.value} messages`).toBeGreaterThan(0);
    }
  });
});

/**
 * The project's own replicas measured both ways in the same run: what their journals claim and
 * what Kafka's committed offsets show. They must agree: processed counts, per-replica throughput
 * within 2%, the rebalance pause within the Kafka side's stated resolution.
 */
describe('journals vs the Kafka side (managed replicas)', () => {
  it('agree on processed orders, per-replica throughput and the pause of the alter', () => {
    const [k] = readCsv(path.join(dir, 'kafka-side.csv'));
    const [summary] = readCsv(path.join(dir, 'summary.csv'));
    expect(k!.system).toBe('managed');
    expect(k!.orders_committed).toBe(summary!.orders_accepted);
    expect(Number(k!.processed_diff_pct)).toBeLessThanOrEqual(2);
    const explain = JSON.stringify({ kafka: readCsv(path.join(dir, 'kafka-members.csv')), journals: readCsv(path.join(dir, 'consumers.csv')), k });
    expect(Number(k!.throughput_diff_max_pct), explain).toBeLessThanOrEqual(2);
    expect(Math.abs(Number(k!.pause_diff_ms))).toBeLessThanOrEqual(Number(k!.pause_resolution_ms));
    expect(k!.disagreements).toBe('');
    // Per replica and phase, side by side.
    const consumers = readCsv(path.join(dir, 'consumers.csv'));
    const members = readCsv(path.join(dir, 'kafka-members.csv'));
    for (const c of consumers.filter((x) => Number(x.processed) > 0)) {
      const m = members.find((x) => x.phase === c.phase && x.replica === c.replica);
      expect(Math.abs(Number(m!.throughput_per_s) - Number(c.throughput_per_s)) / Number(c.throughput_per_s)).toBeLessThanOrEqual(0.02);
    }
  });
});
