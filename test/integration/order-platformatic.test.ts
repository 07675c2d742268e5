import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseOrderPlaced } from '../../harness/model/order-placed.ts';
import { killAllServices, placeOrders, requestJson, spawnService, uniqueName } from '../support/services.ts';

const brokers = inject('kafkaBrokers');
const kafka = new Kafka({ clientId: 'order-platformatic-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
const admin = kafka.admin();
const topic = uniqueName('order-pk');

beforeAll(async () => {
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
});
afterAll(async () => {
  await killAllServices();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
});

describe('order service on @platformatic/kafka (--client platformatic)', () => {
  it('every 201 is an OrderPlaced event on the topic, keyed orders where kafkajs would put them; a missing topic is a 503 naming it', async () => {
    const order = await spawnService('order', ['--brokers', brokers, '--topic', topic, '--client', 'platformatic', '--key', 'productId']);
    const answers = await placeOrders(order.url, 40, { productId: 7, qty: 2 });
    expect(answers.map((a) => a.status)).toEqual(Array(40).fill(201));

    const offsets = await admin.fetchTopicOffsets(topic);
    // kafkajs's default partitioner (Java's murmur2) puts key "7" on one partition: all 40 there.
    expect(offsets.map((o) => Number(o.high)).sort()).toEqual([0, 40]);
    const consumer = kafka.consumer({ groupId: uniqueName('order-pk-reader') });
    const seen = new Set<string>();
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          const parsed = parseOrderPlaced(message.value);
          if (parsed.ok && parsed.event.productId === 7 && parsed.event.qty === 2 && message.key?.toString() === '7') seen.add(parsed.event.orderId);
          if (seen.size === 40) resolve();
        },
      });
    });
    await consumer.disconnect();
    expect([...seen].sort()).toEqual(answers.map((a) => a.body.orderId).sort());

    const missing = await spawnService('order', ['--brokers', brokers, '--topic', uniqueName('missing'), '--client', 'platformatic']);
    const res = await requestJson(`${missing.url}/orders`, { body: { productId: 1, qty: 1 } });
    expect(res.status).toBe(503);
    expect(res.body.error).toMatch(/does not exist on the broker/);
  });
});
