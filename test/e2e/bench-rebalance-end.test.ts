import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { repoRoot } from '../../harness/paths.ts';
import { runCli } from '../support/cli.ts';
import { readCsv } from '../support/csv.ts';

const brokers = inject('kafkaBrokers');
const resultsRoot = mkdtempSync(path.join(os.tmpdir(), 'ksb-test-rebalance-end-'));
afterAll(() => rmSync(resultsRoot, { recursive: true, force: true }));

/**
 * Issue 19: one meaning of "rebalance done" for both observers. The project's replicas journal
 * when each member has its assignment; the Kafka side reads, from ConsumerGroupDescribe alone,
 * when each member the rebalance changed holds its target at the target epoch. For an alter
 * under the consumer protocol the two ends must agree within the Kafka side's stated resolution.
 */
describe('a consumer-protocol alter: the Kafka side ends the rebalance when the journals do', () => {
  it('agrees with the replicas on the end of the alter within end_resolution_ms', async () => {
    const scenario = path.join(repoRoot, 'test/fixtures/scenarios-run/consumer-alter-short.yaml');
    const run = await runCli('harness/cli/bench.ts', ['--scenario', scenario, '--brokers', brokers, '--results-dir', resultsRoot], { timeoutMs: 240_000 });
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const dir = path.join(resultsRoot, readdirSync(resultsRoot)[0]!);
    const [summary] = readCsv(path.join(dir, 'summary.csv'));
    expect(summary).toMatchObject({ status: 'ok', client: 'java', group_protocol: 'consumer', partitions_final: '2', orders_lost: '0' });

    const journal = readCsv(path.join(dir, 'rebalances.csv')).filter((r) => r.trigger === 'alterPartitions(2)');
    expect(journal.map((r) => r.partition).sort()).toEqual(['0', '1']);
    const kafka = readCsv(path.join(dir, 'kafka-pauses.csv'));
    const explain = JSON.stringify({ journal, kafka });
    // The alter is the only action: the Kafka side sees one rebalance under load, its rows all
    // ending when the members reconciled (not when the coordinator computed the target).
    expect(new Set(kafka.map((r) => r.rebalance)), explain).toEqual(new Set(['0']));
    expect(new Set(kafka.map((r) => r.end_basis)), explain).toEqual(new Set(['reconciled']));
    expect(
      kafka.find((r) => r.partition === '1'),
      explain,
    ).toMatchObject({ owner_before: '', owner_after: journal.find((r) => r.partition === '1')!.owner_after });

    const resolution = Number(kafka[0]!.end_resolution_ms);
    expect(resolution).toBeGreaterThan(0);
    const diffMs = (Number(kafka[0]!.end_s) - Number(journal[0]!.end_s)) * 1000;
    console.log(`alter under the consumer protocol: Kafka side ends ${diffMs.toFixed(0)} ms from the journals (resolution ${resolution} ms)`);
    expect(Math.abs(diffMs), explain).toBeLessThanOrEqual(resolution);
  });
});
