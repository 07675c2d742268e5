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
    // A killed node is fenced once it misses its broker session: 4 s here instead of Kafka's 9 s,
    // the only wait in the killed-node test below.
    const fencing = { 'broker.session.timeout.ms': '4000', 'broker.heartbeat.interval.ms': '1000' };
    broker = await startBroker({ nodes: 3, port: 0, dataDir, heapMb: 384, overrides: fencing });
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
    const shrunk = await until(
      partition0,
      (p) => p.leader >= 0 && p.leader !== leader && !p.isr.includes(leader),
      30_000,
      'leadership moved and the ISR shrank',
    );
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
    await until(
      async () => readState(pid),
      (s) => s === 'T',
      5_000,
      'the node stopped',
    );
    cluster.resumeAll();
    await until(
      async () => readState(pid),
      (s) => s !== 'T',
      5_000,
      'the node runs again',
    );
    await until(partition0, (p) => p.isr.length === 3, 60_000, 'the ISR is whole after the pause');
  });

  it('an external cluster refuses every action on a node, naming why', async () => {
    const external = externalCluster('kafka-1:9092');
    await expect(external.kill(1)).rejects.toThrow(/external cluster whose processes it does not own/);
    expect(() => external.pause(1)).toThrow(/--brokers/);
  });

  // Last: it kills node 2 for good, so it runs on the cluster the tests above have left whole.
  it('keeps a replication-factor-3 topic serving after one node is killed', async () => {
    expect(broker.layout.nodes).toHaveLength(3);
    const kafka = new Kafka({ clientId: 'cluster-test', brokers: broker.bootstrapServers.split(','), logLevel: logLevel.NOTHING });
    await admin.createTopics({ topics: [{ topic: 'replicated', numPartitions: 3, replicationFactor: 3 }], waitForLeaders: true });
    const before = await admin.fetchTopicMetadata({ topics: ['replicated'] });
    expect(before.topics[0]!.partitions.every((p) => p.replicas.length === 3 && p.isr.length === 3)).toBe(true);

    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'replicated', acks: -1, messages: Array.from({ length: 30 }, (_, i) => ({ value: `before-${i}` })) });
    await producer.disconnect();

    // Kill a node that is not the first bootstrap address, so the client finds the cluster either way.
    await broker.killNode(2);

    const survivors = broker.layout.nodes.filter((n) => n.nodeId !== 2).map((n) => `${broker.layout.host}:${n.brokerPort}`);
    const after = new Kafka({ clientId: 'cluster-test-after', brokers: survivors, logLevel: logLevel.NOTHING, retry: { retries: 10 } });
    // The controller moves leadership once node 2 misses its broker session timeout (4 s here, 9 s by default).
    const watcher = after.admin();
    await watcher.connect();
    const movedAt = Date.now() + 60_000;
    for (;;) {
      const meta = await watcher.fetchTopicMetadata({ topics: ['replicated'] });
      if (meta.topics[0]!.partitions.every((p) => p.leader !== 2)) break;
      if (Date.now() > movedAt) throw new Error('leadership never moved off the killed node');
      await new Promise((r) => setTimeout(r, 500));
    }
    await watcher.disconnect();
    const producer2 = after.producer();
    await producer2.connect();
    await producer2.send({ topic: 'replicated', acks: -1, messages: Array.from({ length: 30 }, (_, i) => ({ value: `after-${i}` })) });
    await producer2.disconnect();

    const consumer = after.consumer({ groupId: 'cluster-test' });
    await consumer.connect();
    await consumer.subscribe({ topic: 'replicated', fromBeginning: true });
    const values = new Set<string>();
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          values.add(message.value!.toString());
          if (values.size === 60) resolve();
        },
      });
    });
    await consumer.disconnect();
    expect(values.size).toBe(60);

    const admin2 = after.admin();
    await admin2.connect();
    const shrunk = await admin2.fetchTopicMetadata({ topics: ['replicated'] });
    expect(shrunk.topics[0]!.partitions.every((p) => !p.isr.includes(2) && p.leader !== 2)).toBe(true);
    await admin2.disconnect();
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
