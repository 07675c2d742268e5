import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../support/cli.ts';

const brokers = inject('kafkaBrokers');
const kafka = new Kafka({ clientId: 'broker-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
const admin = kafka.admin();
const topic = `broker-test-${randomUUID()}`;
const groupId = `broker-test-group-${randomUUID()}`;

describe('embedded broker (shared, real Kafka)', () => {
  beforeAll(async () => {
    await admin.connect();
  });
  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    await admin.disconnect();
  });

  it('creates a topic, carries a few hundred messages, and grows from 1 to 2 partitions', async () => {
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true })).toBe(true);

    const producer = kafka.producer();
    await producer.connect();
    const sent = Array.from({ length: 300 }, (_, i) => ({ key: String(i), value: JSON.stringify({ i }) }));
    await producer.send({ topic, messages: sent });

    const consumer = kafka.consumer({ groupId });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received: number[] = [];
    const allReceived = new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          received.push(JSON.parse(message.value!.toString()).i);
          if (received.length === sent.length) resolve();
        },
      });
    });
    await allReceived;
    expect(received.sort((a, b) => a - b)).toEqual(sent.map((_, i) => i));
    await consumer.stop();

    await admin.createPartitions({ topicPartitions: [{ topic, count: 2 }] });
    const [meta] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    expect(meta!.partitions.map((p) => p.partitionId).sort()).toEqual([0, 1]);

    await producer.disconnect();

    // The new partition takes messages too (a new producer: kafkajs caches metadata for metadataMaxAge).
    const producer2 = kafka.producer();
    await producer2.connect();
    await producer2.send({ topic, messages: [{ partition: 1, value: 'x' }] });
    await producer2.disconnect();
    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets.find((o) => o.partition === 1)!.high).toBe('1');

    // Kafka's own tool, through `npm run kafka`, sees the group and its committed offsets.
    await consumer.disconnect();
    const describe = await runCli('harness/cli/kafka.ts', ['kafka-consumer-groups', '--bootstrap-server', brokers, '--describe', '--group', groupId]);
    expect(describe.code).toBe(0);
    const row = describe.stdout.split('\n').find((l) => l.includes(topic) && /\s0\s/.test(l));
    expect(row, describe.stdout + describe.stderr).toBeDefined();
    // GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG ...
    const cols = row!.trim().split(/\s+/);
    expect(cols.slice(2, 6)).toEqual(['0', '300', '300', '0']);

    const topicDescribe = await runCli('harness/cli/kafka.ts', ['kafka-topics', '--bootstrap-server', brokers, '--topic', topic, '--describe']);
    expect(topicDescribe.stdout).toMatch(/PartitionCount: 2/);
  });
});
