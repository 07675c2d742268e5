import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { runCli, spawnCli } from '../support/cli.ts';
import { benchFaults, faultFixture, ownClusterEnv } from '../support/faults.ts';
import { isRunning } from '../support/processes.ts';

const resultsRoot = mkdtempSync(path.join(os.tmpdir(), 'ksb-test-faults-'));
afterAll(() => rmSync(resultsRoot, { recursive: true, force: true }));

describe('faults under load (end to end): a consumer fault on the suite broker (broker faults: bench-failover.test.ts)', () => {
  it('consumer-stall: the stalled replica is fenced, its orders processed again and counted as duplicates, none lost', async () => {
    // A consumer fault: the suite's broker serves, no cluster of its own to start and stop.
    const { summary, faults } = await benchFaults(resultsRoot, 'faults-stall', inject('kafkaBrokers'));
    expect(summary[0]!.status).toBe('ok');
    expect(Number(summary[0]!.orders_lost)).toBe(0);
    expect(Number(summary[0]!.orders_duplicated)).toBeGreaterThan(0);
    expect(faults).toHaveLength(1);
    const stall = faults[0]!;
    expect(stall.action).toBe('pauseReplica(inventory-0, 10s)');
    expect(Number(stall.rebalances)).toBeGreaterThanOrEqual(1);
    expect(Number(stall.orders_duplicated)).toBe(Number(summary[0]!.orders_duplicated));
    // The order service never depended on the consumer: no unavailability.
    expect(stall.unavailable_s).toBe('');
  });
});

describe('the harness survives its own faults', () => {
  it('Ctrl-C in the middle of pauseBroker leaves no stopped or running process', async () => {
    const out = mkdtempSync(path.join(resultsRoot, 'interrupt-'));
    const child = spawnCli('harness/cli/bench.ts', ['--scenario', faultFixture('faults-pause-interrupt.yaml'), '--results-dir', out], ownClusterEnv());
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // Wait until a process of this run is stopped (state T): the broker is paused.
    let tree: number[] = [];
    const deadline = Date.now() + 120_000;
    for (;;) {
      tree = descendants(child.pid!);
      if (tree.some((pid) => state(pid) === 'T')) break;
      if (Date.now() > deadline) throw new Error(`no paused process within 120 s:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    child.kill('SIGINT');
    expect(await exited, stderr).toBe(130);
    const left = tree.filter((pid) => isRunning(pid));
    expect(left, `left running: ${left.map((p) => `${p} ${state(p)}`).join(', ')}`).toEqual([]);
  });

  it('broker actions against --brokers are refused before anything starts', async () => {
    const out = mkdtempSync(path.join(resultsRoot, 'refused-'));
    const run = await runCli('harness/cli/bench.ts', ['--scenario', 'broker-failover', '--brokers', '127.0.0.1:1', '--results-dir', out], {
      timeoutMs: 60_000,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /the timeline's killBroker, startBroker, pauseBroker need a cluster the harness started; 127\.0\.0\.1:1 .* is an external cluster/,
    );
    // Nothing started: no results folder, no attempt to reach the cluster.
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });
});

/** Every process below `root` (children, grandchildren...), from /proc. */
function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone
    }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    for (const [child, ppid] of parent) {
      if (ppid !== pid) continue;
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function state(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
}
