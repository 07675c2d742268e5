import { request } from 'node:http';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { getJson, killAllServices, placeOrders, requestJson, spawnService, uniqueName, type ServiceProcess } from '../support/services.ts';

const brokers = inject('kafkaBrokers');
const kafka = new Kafka({ clientId: 'services-http-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
const admin = kafka.admin();

/** A body sent without Content-Length (chunked), which only the streaming size check can stop. */
function postChunked(url: string, size: number): Promise<{ status: number; body: { error: string } }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    const chunk = Buffer.alloc(1024, 'a');
    for (let sent = 0; sent < size; sent += chunk.length) req.write(chunk);
    req.end();
  });
}

describe('order service HTTP API: bad input', () => {
  const topic = uniqueName('http');
  let order: ServiceProcess;

  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    order = await spawnService('order', ['--brokers', brokers, '--topic', topic]);
  });
  afterAll(async () => {
    await killAllServices();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('places a valid order and finds it again', async () => {
    const before = Date.now();
    const placed = await requestJson(`${order.url}/orders`, { body: { productId: 1, qty: 2 } });
    expect(placed.status).toBe(201);
    expect(placed.body).toEqual({ orderId: expect.any(String), productId: 1, qty: 2, createdAt: expect.any(Number) });
    expect(placed.body.createdAt).toBeGreaterThanOrEqual(before);
    expect(await getJson(`${order.url}/orders/${placed.body.orderId}`)).toEqual(placed.body);
    expect(await getJson(`${order.url}/health`)).toMatchObject({ status: 'ok', service: 'order', topic });
  });

  it.each([
    ['not JSON', '{"productId": 1,', /body is not valid JSON/],
    ['an empty body', '', /body is empty/],
    ['an array', '[1, 1]', /body must be a JSON object.*got an array/],
    ['missing productId', '{"qty": 1}', /productId: missing; expected a positive integer/],
    ['productId as a string', '{"productId": "1", "qty": 1}', /productId: expected a positive integer, got the string "1"/],
    ['qty 0', '{"productId": 1, "qty": 0}', /qty: expected a positive integer, got 0/],
    ['qty negative', '{"productId": 1, "qty": -3}', /qty: expected a positive integer, got -3/],
    ['qty fractional', '{"productId": 1, "qty": 1.5}', /qty: expected a positive integer, got 1.5/],
    ['qty null', '{"productId": 1, "qty": null}', /qty: expected a positive integer, got null/],
    ['an unknown field', '{"productId": 1, "qty": 1, "price": 3}', /unknown field "price"/],
    ['two bad fields', '{"productId": true, "qty": "x"}', /productId: .*a boolean; qty: .*the string "x"/],
  ])('answers 400 to %s', async (_case, raw, message) => {
    const res = await requestJson(`${order.url}/orders`, { raw });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(message);
  });

  it('answers 413 to a body over 16 KiB, declared or streamed, and keeps serving', async () => {
    const declared = await requestJson(`${order.url}/orders`, { raw: JSON.stringify({ productId: 1, qty: 1, payload: 'x'.repeat(17 * 1024) }) });
    expect(declared.status).toBe(413);
    expect(declared.body.error).toMatch(/limit is 16384 bytes/);
    const streamed = await postChunked(order.url, 64 * 1024);
    expect(streamed.status).toBe(413);
    expect(streamed.body.error).toMatch(/larger than the limit of 16384 bytes/);
    expect((await requestJson(`${order.url}/orders`, { body: { productId: 1, qty: 1, payload: 'x'.repeat(1000) } })).status).toBe(201);
  });

  it('answers 404 to an unknown route or order, 405 with Allow to a wrong method', async () => {
    const unknownRoute = await requestJson(`${order.url}/orderz`);
    expect(unknownRoute).toMatchObject({ status: 404, body: { error: 'no route for /orderz' } });
    const unknownOrder = await requestJson(`${order.url}/orders/does-not-exist`);
    expect(unknownOrder.status).toBe(404);
    expect(unknownOrder.body.error).toMatch(/no order "does-not-exist"/);
    const wrongMethod = await requestJson(`${order.url}/orders`, { method: 'GET' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.body.error).toMatch(/GET is not allowed on \/orders; use POST/);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect((await requestJson(`${order.url}/orders/x`, { method: 'DELETE' })).status).toBe(405);
  });

  it('sends concurrent orders in a few producer batches, not one broker round trip each', async () => {
    const before = (await getJson(`${order.url}/health`)).publisher;
    const answers = await placeOrders(order.url, 300, { productId: 1, qty: 1 }, 100);
    expect(answers.every((a) => a.status === 201)).toBe(true);
    const after = (await getJson(`${order.url}/health`)).publisher;
    const batches = after.batches - before.batches;
    console.log(`300 orders from 100 concurrent clients went out in ${batches} batches (largest ${after.largestBatch})`);
    expect(after.published - before.published).toBe(300);
    expect(batches).toBeLessThan(150);
    expect(after.largestBatch).toBeGreaterThan(1);
  });

  it('writes the OrderPlaced event with the chosen key; --acks 0 answers without waiting for the broker', async () => {
    const keyed = await spawnService('order', ['--brokers', brokers, '--topic', topic, '--key', 'productId', '--acks', '0']);
    const placed = await requestJson(`${keyed.url}/orders`, { body: { productId: 42, qty: 3 } });
    expect(placed.status).toBe(201);
    const consumer = kafka.consumer({ groupId: uniqueName('http-reader') });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const record = await new Promise<{ key: string | undefined; value: unknown }>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          const value = JSON.parse(message.value!.toString()) as { orderId: string };
          if (value.orderId === placed.body.orderId) resolve({ key: message.key?.toString(), value });
        },
      });
    });
    await consumer.disconnect();
    expect(record).toEqual({ key: '42', value: { type: 'OrderPlaced', ...placed.body } });
  });

  it('answers 503 naming the topic when it does not exist, and stays up', async () => {
    const missing = uniqueName('missing');
    const lost = await spawnService('order', ['--brokers', brokers, '--topic', missing, '--request-timeout-ms', '3000']);
    const started = Date.now();
    const res = await requestJson(`${lost.url}/orders`, { body: { productId: 1, qty: 1 } });
    expect(res.status).toBe(503);
    expect(res.body.error).toMatch(new RegExp(`topic "${missing}" does not exist|did not acknowledge within 3000 ms`));
    expect(Date.now() - started).toBeLessThan(4500);
    expect((await requestJson(`${lost.url}/health`)).status).toBe(200);
  });
});

describe('service flags', () => {
  it.each([
    ['order', ['--port', 'abc'], /--port: expected an integer in 0\.\.65535, got "abc"/],
    ['order', ['--key', 'customer'], /--key: expected one of none\|productId\|orderId, got "customer"/],
    ['order', ['--acks', '2', '--linger-ms', '-1'], /--acks: expected one of -1\|1\|0, got "2"; --linger-ms: expected an integer in 0\.\.1000, got "-1"/],
    ['order', ['--brokers', 'localhost'], /--brokers: expected a comma-separated list of host:port/],
    ['order', ['--bogus', '1'], /unknown flag --bogus/],
    ['inventory', ['--store', 'mongo'], /--store: expected one of memory\|postgres, got "mongo"/],
    ['inventory', ['--work-mode', 'spin', '--work-ms', 'x'], /--work-ms: expected a number in 0\.\.60000, got "x"; --work-mode: expected one of sleep\|busy/],
    [
      'inventory',
      ['--session-timeout-ms', '6000', '--heartbeat-interval-ms', '6000'],
      /--heartbeat-interval-ms: expected less than --session-timeout-ms \(6000\)/,
    ],
    ['inventory', ['--pg-table', 'Robert"); DROP'], /--pg-table: expected a lower-case table name/],
  ])('%s %j exits 2 with one line naming the flag', async (kind, args, message) => {
    const run = await runCli(`services/${kind}/main.ts`, args, { timeoutMs: 30_000 });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^\w+: error\[BAD_ARGUMENT\]: /);
    expect(lines[0]).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
