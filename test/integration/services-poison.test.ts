import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getJson, killAllServices, readJournal, requestJson, spawnService, uniqueName, waitFor } from '../support/services.ts';

const brokers = inject('kafkaBrokers');
const kafka = new Kafka({ clientId: 'services-poison-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
const admin = kafka.admin();
beforeAll(() => admin.connect());
afterAll(() => admin.disconnect());

/** Both in-process clients hand their records to one shared path (services/inventory/records.ts). */
const clients = [
  { client: 'kafkajs', flags: [] },
  { client: 'platformatic', flags: ['--client', 'platformatic', '--group-protocol', 'consumer'] },
];

describe.each(clients)('a malformed record on the topic ($client)', ({ flags }) => {
  const topic = uniqueName('poison');
  const group = uniqueName('inventory');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ksb-poison-'));
  const journal = path.join(dir, 'replica.ndjson');

  beforeAll(async () => {
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  });
  afterAll(async () => {
    await killAllServices();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('is counted, journaled, committed and skipped; the next order still applies', async () => {
    const replica = await spawnService('inventory', ['--brokers', brokers, '--topic', topic, '--group', group, '--journal', journal, ...flags]);
    const order = await spawnService('order', ['--brokers', brokers, '--topic', topic]);
    await requestJson(`${replica.url}/inventories`, { body: { id: 7, stock: 100 } });

    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        { value: 'this is not JSON' },
        { value: JSON.stringify({ type: 'OrderPlaced', orderId: 'x', productId: 'seven', qty: 0, createdAt: 1 }) },
        { value: null },
        { value: JSON.stringify({ type: 'OrderCancelled', orderId: 'y' }) },
      ],
    });
    await producer.disconnect();
    const placed = await requestJson(`${order.url}/orders`, { body: { productId: 7, qty: 3 } });
    expect(placed.status).toBe(201);

    await waitFor('the valid order to apply', async () => (await getJson(`${replica.url}/inventories/7`)).stock === 97);
    const stats = await getJson(`${replica.url}/stats`);
    expect(stats).toMatchObject({ poisonSkipped: 4, processed: { total: 1, byPartition: { '0': 1 } }, lastOffset: { '0': '4' } });

    const lines = readJournal(journal);
    const poison = lines.filter((l) => l.k === 'poison');
    expect(poison.map((l) => l.offset)).toEqual(['0', '1', '2', '3']);
    expect(poison[0]).toEqual({ k: 'poison', partition: 0, offset: '0', reason: 'value is not JSON', at: expect.any(Number) });
    expect(poison[1]!.reason).toMatch(/productId is not a positive integer; qty is not a positive integer/);
    expect(poison[2]!.reason).toBe('record has no value');
    expect(poison[3]!.reason).toMatch(/type is "OrderCancelled"/);
    expect(lines.filter((l) => l.k === 'order')).toEqual([
      {
        k: 'order',
        orderId: placed.body.orderId,
        partition: 0,
        offset: '4',
        createdAt: placed.body.createdAt,
        processedAt: expect.any(Number),
        member: stats.memberId,
        productId: 7,
        qty: 3,
      },
    ]);
    expect(replica.stderr()).toMatch(/skipped poison record at partition 0 offset 0: value is not JSON/);

    // The poison offsets were committed with the rest: the group has nothing left to read.
    await waitFor('the committed offset to reach the end of the partition', async () => {
      const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
      return committed?.partitions[0]?.offset === '5';
    });
  });
});
