import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { repoRoot } from '../../harness/paths.ts';
import { runCli, spawnCli } from '../support/cli.ts';
import { readCsv } from '../support/csv.ts';
import { isRunning } from '../support/processes.ts';

const resultsRoot = mkdtempSync(path.join(os.tmpdir(), 'ksb-test-faults-'));
afterAll(() => rmSync(resultsRoot, { recursive: true, force: true }));

/** No KAFKA_BROKERS: a run with broker actions starts its own cluster. */
function ownClusterEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.KAFKA_BROKERS;
  return env;
}

const fixture = (name: string) => path.join(repoRoot, 'test/fixtures/scenarios-run', name);

/** `brokers`: the suite's broker, for a fault that touches no broker; else the run starts its own cluster. */
async function bench(
  name: string,
  brokers?: string,
  timeoutMs = 240_000,
): Promise<{ dir: string; summary: Record<string, string>[]; faults: Record<string, string>[]; stdout: string }> {
  const out = mkdtempSync(path.join(resultsRoot, `${name}-`));
  const args = ['--scenario', fixture(`${name}.yaml`), '--results-dir', out, ...(brokers ? ['--brokers', brokers] : [])];
  const run = await runCli('harness/cli/bench.ts', args, { env: ownClusterEnv(), timeoutMs });
  expect(run.code, run.stderr).toBe(0);
  const dir = path.join(out, readdirSync(out)[0]!);
  return { dir, summary: readCsv(path.join(dir, 'summary.csv')), faults: readCsv(path.join(dir, 'faults.csv')), stdout: run.stdout };
}

describe('faults under load (end to end): broker faults on a three-node cluster, a consumer fault on the suite broker', () => {
  // One three-node cluster for both consumer variants of broker-failover: kafkajs (classic) and a share group.
  let failover: ReturnType<typeof bench> | undefined;
  const failoverRun = () => (failover ??= bench('faults-failover', undefined, 420_000));
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

  it('consumer-stall: the stalled replica is fenced, its orders processed again and counted as duplicates, none lost', async () => {
    // A consumer fault: the suite's broker serves, no cluster of its own to start and stop.
    const { summary, faults } = await bench('faults-stall', inject('kafkaBrokers'));
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
    const child = spawnCli('harness/cli/bench.ts', ['--scenario', fixture('faults-pause-interrupt.yaml'), '--results-dir', out], ownClusterEnv());
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
