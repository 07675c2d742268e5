import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { startBroker, type EmbeddedBroker } from '../../harness/broker/index.ts';
import { killAllServices, requestJson, spawnService, uniqueName, waitFor } from '../support/services.ts';

const REQUEST_TIMEOUT_MS = 3000;

describe('the order service while its broker is down', () => {
  // Its own broker: stopping the shared one would break every other test.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ksb-outage-broker-'));
  let broker: EmbeddedBroker | undefined;

  afterAll(async () => {
    await killAllServices();
    await broker?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 within the request timeout, never hangs or dies, and places orders again once the broker is back', async () => {
    broker = await startBroker({ port: 0, dataDir, heapMb: 384 });
    const brokers = broker.bootstrapServers;
    const topic = uniqueName('outage');
    const kafka = new Kafka({ clientId: 'services-outage-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();

    const order = await spawnService('order', ['--brokers', brokers, '--topic', topic, '--request-timeout-ms', String(REQUEST_TIMEOUT_MS)]);
    expect((await requestJson(`${order.url}/orders`, { body: { productId: 1, qty: 1 } })).status).toBe(201);

    await broker.stop();
    const started = Date.now();
    const during = await Promise.all(Array.from({ length: 5 }, () => requestJson(`${order.url}/orders`, { body: { productId: 1, qty: 1 } })));
    const waited = Date.now() - started;
    expect(during.map((r) => r.status)).toEqual([503, 503, 503, 503, 503]);
    expect(during[0]!.body.error).toMatch(/^order not placed: (the broker did not acknowledge within 3000 ms|broker unavailable: )/);
    expect(waited).toBeLessThan(REQUEST_TIMEOUT_MS + 1500);
    // Still alive and answering between failures.
    expect((await requestJson(`${order.url}/health`)).status).toBe(200);
    expect((await requestJson(`${order.url}/orders`, { body: { productId: 1, qty: 1 } })).status).toBe(503);

    broker = await startBroker({ port: 0, dataDir, heapMb: 384 });
    expect(broker.bootstrapServers).toBe(brokers);
    const back = Date.now();
    const placed = await waitFor(
      'a 201 after the broker restarted',
      async () => {
        const res = await requestJson(`${order.url}/orders`, { body: { productId: 1, qty: 1 } });
        return res.status === 201 ? res : undefined;
      },
      60_000,
      250,
    );
    console.log(`order service placed orders again ${Date.now() - back} ms after the broker was back (outage ${back - started} ms)`);
    expect(placed.body).toMatchObject({ productId: 1, qty: 1 });
    const more = await Promise.all(Array.from({ length: 10 }, () => requestJson(`${order.url}/orders`, { body: { productId: 1, qty: 1 } })));
    expect(more.every((r) => r.status === 201)).toBe(true);
    expect(order.child.exitCode).toBeNull();

    // The acknowledged orders are on the topic: 1 before, at least 11 after (a timed-out one may have landed too).
    await admin.connect();
    const [offsets] = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    expect(Number(offsets!.high)).toBeGreaterThanOrEqual(12);
  });
});
