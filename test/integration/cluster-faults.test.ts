import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedCluster, externalCluster, startBroker, type ClusterNodes, type EmbeddedBroker } from '../../harness/broker/index.ts';

/** Polls until `check` holds (tests wait on conditions, never fixed sleeps). */
async function until<T>(read: () => Promise<T>, check: (v: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read().catch(() => last);
    if (last !== undefined && check(last)) return last;
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms; last seen ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe('the cluster seam on a three-node embedded cluster', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ksb-test-faults-'));
  const topic = 'faults';
  let broker: EmbeddedBroker;
  let cluster: ClusterNodes;
  let admin: Admin;
  const partition0 = async () => (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]!.partitions.find((p) => p.partitionId === 0)!;

  beforeAll(async () => {
    broker = await startBroker({ nodes: 3, port: 0, dataDir, heapMb: 384 });
    cluster = embeddedCluster(broker);
    admin = new Kafka({ clientId: 'faults-test', brokers: broker.bootstrapServers.split(','), logLevel: logLevel.NOTHING, retry: { retries: 3 } }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 3 }], waitForLeaders: true });
  });

  afterAll(async () => {
    await admin?.disconnect().catch(() => {});
    await broker?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('resolves the leader, the coordinator and the active controller to node ids', async () => {
    const leader = await cluster.resolve('leader', { topic, groupId: 'g' });
    expect(leader).toBe((await partition0()).leader);
    expect(cluster.nodeIds).toContain(await cluster.resolve('coordinator', { topic, groupId: 'g' }));
    expect(cluster.nodeIds).toContain(await cluster.resolve('controller', { topic, groupId: 'g' }));
  });

  it('a stopped node gives up leadership and leaves the ISR; started again it rejoins and the ISR grows back', async () => {
    const leader = await cluster.resolve('leader', { topic, groupId: 'g' });
    await cluster.stop(leader);
    expect(cluster.isRunning(leader)).toBe(false);
    // A sample may catch the partition between leaders (-1, empty ISR): wait for the new one.
    const shrunk = await until(partition0, (p) => p.leader >= 0 && p.leader !== leader && !p.isr.includes(leader), 30_000, 'leadership moved and the ISR shrank');
    expect(shrunk.isr).toHaveLength(2);
    await cluster.start(leader);
    expect(cluster.isRunning(leader)).toBe(true);
    const grown = await until(partition0, (p) => p.isr.length === 3, 60_000, 'the ISR grew back to 3');
    expect(grown.isr).toContain(leader);
  });

  it('a paused node stays a process; resumed it serves again, and resumeAll leaves nothing stopped', async () => {
    const node = cluster.nodeIds.at(-1)!;
    const pid = broker.pids().find((p) => readState(p) !== undefined && cmdline(p).includes(`node-${node}`))!;
    cluster.pause(node);
    // A signal is delivered asynchronously: wait for the state to change.
    await until(async () => readState(pid), (s) => s === 'T', 5_000, 'the node stopped');
    cluster.resumeAll();
    await until(async () => readState(pid), (s) => s !== 'T', 5_000, 'the node runs again');
    await until(partition0, (p) => p.isr.length === 3, 60_000, 'the ISR is whole after the pause');
  });

  it('an external cluster refuses every action on a node, naming why', async () => {
    const external = externalCluster('kafka-1:9092');
    await expect(external.kill(1)).rejects.toThrow(/external cluster whose processes it does not own/);
    expect(() => external.pause(1)).toThrow(/--brokers/);
  });
});

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

/** The process state letter from /proc (T: stopped by a signal). */
function readState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
}
