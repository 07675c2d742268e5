import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { benchFaults, type FaultRun } from '../support/faults.ts';

/**
 * broker-failover on a three-node cluster of the run's own. Its own file, run alone (the
 * integration-solo project in vitest.config.ts): the controller fences the killed node only after
 * the broker session timeout, and on 2 shared cores a busy neighbour can push that past the
 * fixture's restart, so the leader never moves and the figures this asserts are not there to see.
 */
const resultsRoot = mkdtempSync(path.join(os.tmpdir(), 'ksb-test-failover-'));
afterAll(() => rmSync(resultsRoot, { recursive: true, force: true }));

describe('broker-failover under load (end to end): the leader killed and started again, the coordinator hung, on three nodes', () => {
  // One three-node cluster for both consumer variants of broker-failover: kafkajs (classic) and a share group.
  let failover: Promise<FaultRun> | undefined;
  const failoverRun = () => (failover ??= benchFaults(resultsRoot, 'faults-failover', undefined, 420_000));
  const cellOf = (rows: Record<string, string>[], variant: string) => rows.filter((r) => r.cell === `p3-r2-rate50-${variant}`);

  it('broker-failover: the leader killed and started again, the coordinator hung; nothing acknowledged lost', { timeout: 450_000 }, async () => {
    const run = await failoverRun();
    const [summary] = cellOf(run.summary, 'kafkajs-classic-range');
    expect(summary!.status).toBe('ok');
    expect(Number(summary!.orders_accepted)).toBeGreaterThan(0);
    // run.stdout names any lost order's partition and offset (measurement-notes.ts).
    expect(Number(summary!.orders_lost), run.stdout).toBe(0);
    expect(JSON.parse(readFileSync(path.join(run.dir, 'run.json'), 'utf8')).kafka.nodes).toBe(3);

    const faults = cellOf(run.faults, 'kafkajs-classic-range');
    expect(faults.map((f) => (f.action ?? '').replace(/=\d+/, '=N'))).toEqual([
      'killBroker(leader=N)',
      'startBroker(last=N)',
      'pauseBroker(coordinator=N, 3s)',
    ]);
    const [kill, start, pause] = faults as [Record<string, string>, Record<string, string>, Record<string, string>];
    // The same node comes back.
    expect(start.target).toBe(kill.target);
    expect(Number(kill.leader_changes)).toBeGreaterThanOrEqual(1);
    expect(Number(kill.isr_shrinks)).toBeGreaterThanOrEqual(1);
    // Writes to the dead leader's partitions stall until a new leader is elected: the spike is recorded.
    expect(Number(kill.http_max_ms)).toBeGreaterThan(1000);
    // Started again, it catches up and the ISR grows back (possibly after the next fault began).
    expect(Number(start.isr_expands) + Number(pause.isr_expands)).toBeGreaterThanOrEqual(1);
    for (const f of faults) expect(f.orders_lost).toBe('0');
    // What each node logged during the cell is kept beside its journals.
    const raw = path.join(run.dir, 'raw', 'p3-r2-rate50-kafkajs-classic-range-1');
    expect(readdirSync(raw).filter((f) => /^broker-\d+\.log$/.test(f))).toHaveLength(3);
    expect(readFileSync(path.join(raw, `broker-${(kill.target ?? '').replace('node ', '')}.log`), 'utf8')).toMatch(/INFO/);
  });

  it('broker-failover with a share group: nothing acknowledged lost, duplicates counted, the group drained', { timeout: 450_000 }, async () => {
    const run = await failoverRun();
    const [summary] = cellOf(run.summary, 'java-share-simple');
    expect(summary, run.stdout).toMatchObject({
      status: 'ok',
      client: 'java',
      group_protocol: 'share',
      drained: 'true',
      orders_lost: '0',
      orders_unprocessed: '0',
    });
    expect(Number(summary!.orders_accepted)).toBeGreaterThan(0);
    // A count, never empty: the batch in hand when its partition's leader dies is acknowledged to
    // no live leader, and the new one delivers it again (0 or a few dozen on 4.4.0).
    expect(summary!.orders_duplicated).toMatch(/^\d+$/);
    const faults = cellOf(run.faults, 'java-share-simple');
    expect(faults.map((f) => (f.action ?? '').replace(/=\d+/, '=N'))).toEqual([
      'killBroker(leader=N)',
      'startBroker(last=N)',
      'pauseBroker(coordinator=N, 3s)',
    ]);
    for (const f of faults) {
      expect(f.orders_lost).toBe('0');
      expect(f.orders_duplicated).toMatch(/^\d+$/);
    }
    expect(Number(faults[0]!.leader_changes)).toBeGreaterThanOrEqual(1);
  });
});
