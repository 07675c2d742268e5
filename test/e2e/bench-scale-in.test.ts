import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { repoRoot } from '../../harness/paths.ts';
import { runCli } from '../support/cli.ts';
import { readCsv } from '../support/csv.ts';
import { processesMatching } from '../support/processes.ts';

const brokers = inject('kafkaBrokers');
const resultsRoot = mkdtempSync(path.join(os.tmpdir(), 'ksb-test-scalein-'));
afterAll(() => rmSync(resultsRoot, { recursive: true, force: true }));

describe('a timeline that stops, kills and adds replicas under load', () => {
  it('measures the clean leave, the unclean loss and the scale-out, and every order is still processed', async () => {
    const scenario = path.join(repoRoot, 'test/fixtures/scenarios-run/scale-in-short.yaml');
    const run = await runCli('harness/cli/bench.ts', ['--scenario', scenario, '--brokers', brokers, '--results-dir', resultsRoot], { timeoutMs: 240_000 });
    expect(run.code, run.stderr).toBe(0);
    const dir = path.join(resultsRoot, readdirSync(resultsRoot)[0]!);

    const rebalances = readCsv(path.join(dir, 'rebalances.csv'));
    const stop = rebalances.filter((r) => r.trigger === 'stopReplica(inventory-2)');
    const kill = rebalances.filter((r) => r.trigger === 'killReplica(inventory-1)');
    expect(stop.length, JSON.stringify(rebalances)).toBeGreaterThan(0);
    expect(kill.length, JSON.stringify(rebalances)).toBeGreaterThan(0);
    // SIGTERM leaves the group at once; after SIGKILL the group waits out the 6 s session timeout.
    expect(Number(stop[0]!.detection_ms)).toBeLessThan(3000);
    expect(Number(kill[0]!.detection_ms)).toBeGreaterThan(4000);
    const killedPartitions = kill.filter((r) => r.owner_before === 'inventory-1');
    expect(killedPartitions.length).toBeGreaterThan(0);
    for (const r of killedPartitions) {
      expect(r.owner_after).toBe('inventory-0');
      expect(Number(r.pause_ms)).toBeGreaterThan(4000);
    }

    const consumers = readCsv(path.join(dir, 'consumers.csv'));
    expect(
      consumers
        .filter((c) => c.phase === '0')
        .map((c) => c.replica)
        .sort(),
    ).toEqual(['inventory-0', 'inventory-1', 'inventory-2']);
    const alone = consumers.filter((c) => c.phase === '2');
    expect(alone.map((c) => [c.replica, c.partitions])).toEqual([['inventory-0', '0 1 2']]);
    // The added replica is the fourth started (index 3) and takes its share.
    const added = rebalances.filter((r) => r.trigger === 'addReplica(inventory-3)');
    expect(added.length, JSON.stringify(rebalances)).toBeGreaterThan(0);
    const last = consumers.filter((c) => c.phase === '3');
    expect(last.map((c) => c.replica)).toEqual(['inventory-0', 'inventory-3']);
    expect(last.map((c) => c.partitions!.split(' ').length).sort()).toEqual([1, 2]);

    const [summary] = readCsv(path.join(dir, 'summary.csv'));
    expect(summary).toMatchObject({ status: 'ok', orders_lost: '0', replicas_final: '2', drained: 'true' });
    expect(Number(summary!.rebalances)).toBeGreaterThanOrEqual(3);
    expect(Number(summary!.rebalance_pause_max_ms)).toBeGreaterThan(4000);
    expect(processesMatching(dir)).toEqual([]);
  });
});
