import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { errorTotal, startLoad } from '../../harness/load/index.ts';
import { parseOrderPlaced, type OrderPlaced } from '../../harness/model/order-placed.ts';
import { PRODUCER_FOLLOW_MARGIN_MS } from '../../harness/model/scenario.ts';
import { uniqueName, waitFor } from '../support/services.ts';

const brokers = inject('kafkaBrokers').split(',');
const kafka = new Kafka({ clientId: 'load-kafka-target-test', brokers, logLevel: logLevel.NOTHING });
const admin = kafka.admin();
const topic = uniqueName('load-kafka');

beforeAll(async () => {
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
});
afterAll(async () => {
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
});

/** Every record of the topic, read from the beginning until `count` have arrived. */
async function readTopic(count: number): Promise<OrderPlaced[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('load-kafka-reader') });
  const events: OrderPlaced[] = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${events.length} of ${count} records`)), 30_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          const parsed = parseOrderPlaced(message.value);
          if (!parsed.ok) throw new Error(`not an OrderPlaced: ${parsed.reason}`);
          events.push(parsed.event);
          if (events.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return events;
}

describe('direct-to-Kafka load target', { timeout: 60_000 }, () => {
  test('a short cell sends its whole schedule, and every record it reports acknowledged is in the topic', async () => {
    const startAt = Date.now() + 1_500;
    const r = await startLoad({
      kafka: { brokers, topic, key: 'orderId' },
      rate: 200,
      durationS: 2,
      startAt,
      measureFrom: startAt + 500,
      workers: 2,
      connections: 2,
      payload: { productIds: 10, qty: 2 },
    }).done;

    expect(r.total).toMatchObject({ intended: 400, sent: 400, ok: 400, abandoned: 0 });
    expect(errorTotal(r.total)).toBe(0);
    expect(r.measured.intended).toBe(300);
    expect(r.latency.count).toBe(300);
    expect(r.accepted).toHaveLength(400);

    const events = await readTopic(400);
    const onTopic = new Map(events.map((e) => [e.orderId, e]));
    expect(onTopic.size).toBe(events.length); // each record once
    for (const a of r.accepted) {
      const e = onTopic.get(a.orderId);
      expect(e, a.orderId).toBeDefined();
      expect(e).toMatchObject({ type: 'OrderPlaced', qty: 2, createdAt: a.createdAt });
      expect(e!.productId).toBeGreaterThanOrEqual(1);
      expect(e!.productId).toBeLessThanOrEqual(10);
      expect(a.createdAt).toBeGreaterThanOrEqual(Math.floor(a.intendedAt));
    }
    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets.reduce((n, o) => n + Number(o.high), 0)).toBe(400);
    expect(offsets.every((o) => Number(o.high) > 0)).toBe(true); // keys spread over both partitions
  });

  test('after an alter it writes to the added partition within its metadata age, as a real producer would', async () => {
    const grown = uniqueName('load-kafka-alter');
    await admin.createTopics({ topics: [{ topic: grown, numPartitions: 1 }], waitForLeaders: true });
    const logEnd = async (partition: number) => Number((await admin.fetchTopicOffsets(grown)).find((o) => o.partition === partition)?.high ?? 0);
    try {
      const metadataMaxAgeMs = 1500;
      const startAt = Date.now() + 1000;
      const load = startLoad({
        kafka: { brokers, topic: grown, key: 'none', metadataMaxAgeMs },
        rate: 100,
        durationS: 6,
        startAt,
        measureFrom: startAt,
        workers: 1,
        connections: 1,
        payload: { productIds: 1, qty: 1 },
      });
      // The alter comes once the producer is writing, so its metadata is as fresh as it gets.
      await waitFor('records on partition 0', async () => (await logEnd(0)) > 0, 10_000, 50);
      const alteredAt = Date.now();
      await admin.createPartitions({ topicPartitions: [{ topic: grown, count: 2 }] });
      const reachedAt = await waitFor('a record on the added partition', async () => (await logEnd(1)) > 0 && Date.now(), 10_000, 50);
      expect(reachedAt - alteredAt).toBeLessThanOrEqual(metadataMaxAgeMs + PRODUCER_FOLLOW_MARGIN_MS);
      const r = await load.done;
      expect(errorTotal(r.total)).toBe(0);
      expect(r.total.ok).toBe(600);
    } finally {
      await admin.deleteTopics({ topics: [grown] }).catch(() => undefined);
    }
  });
});
