import { Kafka, Partitioners, logLevel } from 'kafkajs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getJson, killAllServices, placeOrders, requestJson, spawnService, uniqueName, waitFor } from '../support/services.ts';

const brokers = inject('kafkaBrokers');
const kafka = new Kafka({ clientId: 'services-postgres-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
const admin = kafka.admin();
const PG_URL = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

describe('the postgres store: two replicas, one shared stock', () => {
  const topic = uniqueName('pgstore');
  const group = uniqueName('inventory');
  const table = uniqueName('inv').toLowerCase();
  const db = new pg.Client({ connectionString: PG_URL });

  beforeAll(async () => {
    await db.connect();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
  });
  afterAll(async () => {
    await killAllServices();
    await db.query(`DROP TABLE IF EXISTS ${table}, ${table}_processed`).catch(() => undefined);
    await db.end();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('decrements exactly once per order, whichever replica applies it, even when redelivered', async () => {
    const common = ['--brokers', brokers, '--topic', topic, '--group', group, '--store', 'postgres', '--pg-url', PG_URL, '--pg-table', table];
    const replicas = await Promise.all([spawnService('inventory', common), spawnService('inventory', common)]);
    const order = await spawnService('order', ['--brokers', brokers, '--topic', topic, '--key', 'orderId']);
    await waitFor('each replica to own one partition', async () => {
      const stats = await Promise.all(replicas.map((r) => getJson(`${r.url}/stats`)));
      return stats.every((s) => s.assignment.length === 1);
    });

    expect((await requestJson(`${replicas[0]!.url}/inventories`, { body: { id: 1, stock: 1000 } })).status).toBe(201);
    // Both replicas read the same row: the stock is shared, not per replica as in the lab.
    expect(await getJson(`${replicas[1]!.url}/inventories/1`)).toEqual({ id: 1, stock: 1000 });

    const N = 300;
    const answers = await placeOrders(order.url, N, { productId: 1, qty: 1 }, 20);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(N);

    await waitFor(`stock 1000 - ${N}`, async () => (await getJson(`${replicas[1]!.url}/inventories/1`)).stock === 1000 - N, 60_000);
    const { rows } = await db.query(`SELECT count(*)::int AS n, count(DISTINCT replica)::int AS replicas FROM ${table}_processed`);
    expect(rows[0]).toEqual({ n: N, replicas: 2 });

    // Redeliver an order that was already applied: recorded as a duplicate, stock unchanged.
    const first = answers[0]!.body;
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({ topic, messages: [{ key: first.orderId, value: JSON.stringify({ type: 'OrderPlaced', ...first }) }] });
    await producer.disconnect();
    await waitFor('the duplicate to be skipped', async () => {
      const stats = await Promise.all(replicas.map((r) => getJson(`${r.url}/stats`)));
      return stats.reduce((sum, s) => sum + s.store.duplicatesSkipped, 0) === 1;
    });
    expect(await getJson(`${replicas[0]!.url}/inventories/1`)).toEqual({ id: 1, stock: 1000 - N });
    const stats = await Promise.all(replicas.map((r) => getJson(`${r.url}/stats`)));
    expect(stats.map((s) => s.store.kind)).toEqual(['postgres', 'postgres']);
    expect(stats.reduce((sum, s) => sum + s.processed.total, 0)).toBe(N + 1);
  });
});
