import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { startBroker, type EmbeddedBroker } from '../../harness/broker/index.ts';

describe('three-node KRaft cluster', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ksb-test-cluster-'));
  let cluster: EmbeddedBroker | undefined;

  afterAll(async () => {
    await cluster?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps a replication-factor-3 topic serving after one node is killed', async () => {
    cluster = await startBroker({ nodes: 3, port: 0, dataDir, heapMb: 384 });
    expect(cluster.layout.nodes).toHaveLength(3);
    const kafka = new Kafka({ clientId: 'cluster-test', brokers: cluster.bootstrapServers.split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'replicated', numPartitions: 3, replicationFactor: 3 }], waitForLeaders: true });
    const before = await admin.fetchTopicMetadata({ topics: ['replicated'] });
    expect(before.topics[0]!.partitions.every((p) => p.replicas.length === 3 && p.isr.length === 3)).toBe(true);
    await admin.disconnect();

    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'replicated', acks: -1, messages: Array.from({ length: 30 }, (_, i) => ({ value: `before-${i}` })) });
    await producer.disconnect();

    // Kill a node that is not the first bootstrap address, so the client finds the cluster either way.
    await cluster.killNode(2);

    const survivors = cluster.layout.nodes.filter((n) => n.nodeId !== 2).map((n) => `${cluster!.layout.host}:${n.brokerPort}`);
    const after = new Kafka({ clientId: 'cluster-test-after', brokers: survivors, logLevel: logLevel.NOTHING, retry: { retries: 10 } });
    // The controller moves leadership once node 2 misses its broker session timeout (9 s by default).
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
