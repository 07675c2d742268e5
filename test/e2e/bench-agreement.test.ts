import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { readCsv } from '../support/csv.ts';

/**
 * The project's own replicas measured both ways in one run: what their journals claim and what
 * Kafka's committed offsets show. They must agree: processed counts, per-replica throughput
 * within 2%, the rebalance pause within the Kafka side's stated resolution.
 */
const brokers = inject('kafkaBrokers');
const root = mkdtempSync(path.join(os.tmpdir(), 'ksb-test-agreement-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('journals vs the Kafka side (managed replicas)', () => {
  it('agree on processed orders, per-replica throughput and the pause of the alter', async () => {
    const file = path.join(root, 'agreement.json');
    writeFileSync(
      file,
      JSON.stringify({
        description: 'scale-out, shorter',
        topology: { partitions: 1, replicas: 2, producer: { metadataMaxAgeMs: 2000 }, consumer: { metadataMaxAgeMs: 2000, sessionTimeoutMs: 10000, heartbeatIntervalMs: 1000 }, work: { perMessageMs: 2 } },
        load: { rate: 100, durationS: 24, warmupS: 2 },
        timeline: [{ at: 10, action: 'alterPartitions', partitions: 2 }],
      }),
    );
    const results = path.join(root, 'results');
    const run = await runCli('harness/cli/bench.ts', ['--scenario', file, '--brokers', brokers, '--results-dir', results], { timeoutMs: 150_000 });
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const dir = path.join(results, readdirSync(results)[0]!);
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
  }, 180_000);
});
