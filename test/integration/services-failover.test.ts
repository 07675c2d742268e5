import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { getJson, killAllServices, placeOrders, readJournal, spawnService, uniqueName, waitFor, type ServiceProcess } from '../support/services.ts';

const brokers = inject('kafkaBrokers');
const admin = new Kafka({ clientId: 'services-failover-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
const SESSION_TIMEOUT_MS = 6000;

describe('losing one of two replicas of a 2-partition topic', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ksb-failover-'));

  beforeAll(() => admin.connect());
  afterEach(killAllServices);
  afterAll(async () => {
    await killAllServices();
    await admin.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Two replicas that each own one partition, and an order service, on a fresh topic and group. */
  async function twoReplicas(label: string) {
    const topic = uniqueName(label);
    const group = uniqueName('inventory');
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    const common = [
      '--brokers',
      brokers,
      '--topic',
      topic,
      '--group',
      group,
      '--session-timeout-ms',
      String(SESSION_TIMEOUT_MS),
      '--heartbeat-interval-ms',
      '1000',
    ];
    const journals = [path.join(dir, `${label}-a.ndjson`), path.join(dir, `${label}-b.ndjson`)] as const;
    const [a, b] = await Promise.all(journals.map((j) => spawnService('inventory', [...common, '--journal', j])));
    const order = await spawnService('order', ['--brokers', brokers, '--topic', topic, '--key', 'orderId']);
    await waitFor('each replica to own one partition', async () => {
      const stats = await Promise.all([a!, b!].map((r) => getJson(`${r.url}/stats`)));
      return stats.every((s) => s.assignment.length === 1);
    });
    const before = await placeOrders(order.url, 40);
    expect(before.every((r) => r.status === 201)).toBe(true);
    await waitFor('the first 40 orders processed', async () => {
      const stats = await Promise.all([a!, b!].map((r) => getJson(`${r.url}/stats`)));
      return stats.reduce((n, s) => n + s.processed.total, 0) >= 40;
    });
    return { topic, a: a!, b: b!, order, journals, placed: before.map((r) => r.body.orderId as string) };
  }

  async function takeover(survivor: ServiceProcess): Promise<number> {
    const started = Date.now();
    await waitFor('the survivor to own both partitions', async () => (await getJson(`${survivor.url}/stats`)).assignment.join() === '0,1', 60_000, 50);
    return Date.now() - started;
  }

  async function keepsProcessing(order: ServiceProcess, journal: string, placedBefore: string[], victimJournal: string) {
    const after = await placeOrders(order.url, 40);
    expect(after.every((r) => r.status === 201)).toBe(true);
    const ids = [...placedBefore, ...after.map((r) => r.body.orderId as string)];
    // Every acknowledged order is in some journal: the victim's before it died, the survivor's after.
    await waitFor('every acknowledged order in a journal', () => {
      const seen = new Set([...readJournal(journal), ...readJournal(victimJournal)].filter((l) => l.k === 'order').map((l) => l.orderId));
      return ids.every((id) => seen.has(id));
    });
    const survivorLines = readJournal(journal).filter((l) => l.k === 'order');
    expect(new Set(survivorLines.filter((l) => after.some((r) => r.body.orderId === l.orderId)).map((l) => l.partition))).toEqual(new Set([0, 1]));
  }

  it('SIGTERM: the replica leaves the group cleanly and the other takes over at once', async () => {
    const { a, b, order, journals, placed } = await twoReplicas('sigterm');
    const { code } = await b.kill('SIGTERM');
    expect(code).toBe(0);
    const ms = await takeover(a);
    console.log(`SIGTERM: survivor owned both partitions ${ms} ms after the replica exited`);
    expect(ms).toBeLessThan(SESSION_TIMEOUT_MS);

    const victim = readJournal(journals[1]);
    expect(victim.at(-1)).toMatchObject({ k: 'rebalance', type: 'stop' });
    expect(victim.some((l) => l.k === 'order')).toBe(true);
    expect(b.stderr()).toMatch(/SIGTERM: shutting down/);
    await keepsProcessing(order, journals[0], placed, journals[1]);
  });

  it('SIGKILL: the other replica takes over only once the session times out', async () => {
    const { a, b, order, journals, placed } = await twoReplicas('sigkill');
    const { signal } = await b.kill('SIGKILL');
    expect(signal).toBe('SIGKILL');
    const ms = await takeover(a);
    console.log(`SIGKILL: survivor owned both partitions ${ms} ms after the kill (session timeout ${SESSION_TIMEOUT_MS} ms)`);
    expect(ms).toBeGreaterThan(SESSION_TIMEOUT_MS - 2000);

    // The killed replica's journal is intact up to its last processed record.
    const victim = readJournal(journals[1]);
    expect(victim.some((l) => l.k === 'order')).toBe(true);
    expect(victim.some((l) => l.k === 'rebalance' && l.type === 'stop')).toBe(false);
    await keepsProcessing(order, journals[0], placed, journals[1]);
  });
});
