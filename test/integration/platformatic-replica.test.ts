import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Admin, ConfigResourceTypes, IncrementalAlterConfigOperationTypes } from '@platformatic/kafka';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { journalLine, type RebalanceLine } from '../../harness/model/journal.ts';
import {
  getJson,
  killAllServices,
  placeOrders,
  readJournal,
  requestJson,
  spawnService,
  uniqueName,
  waitFor,
  type ServiceProcess,
} from '../support/services.ts';

const brokers = inject('kafkaBrokers');
const admin = new Kafka({ clientId: 'platformatic-replica-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
/**
 * Each test's group heartbeats every second (the broker's default is 5 s): a KIP-848 member learns
 * of a change at its next heartbeat, so the waits below are a few heartbeats, not tens of seconds.
 */
const HEARTBEAT_MS = 1000;

/** The group's own KIP-848 timing (the broker allows these down to 500 ms / 6000 ms), set before any member joins. */
async function groupTiming(group: string, timing: { sessionTimeoutMs?: number } = {}): Promise<void> {
  const groupAdmin = new Admin({ clientId: 'platformatic-replica-test', bootstrapBrokers: brokers.split(',') });
  const set = (name: string, value: number) => ({ name, configOperation: IncrementalAlterConfigOperationTypes.SET, value: String(value) });
  const configs = [set('consumer.heartbeat.interval.ms', HEARTBEAT_MS)];
  if (timing.sessionTimeoutMs !== undefined) configs.push(set('consumer.session.timeout.ms', timing.sessionTimeoutMs));
  try {
    await groupAdmin.incrementalAlterConfigs({ resources: [{ resourceType: ConfigResourceTypes.GROUP, resourceName: group, configs }] });
  } finally {
    await groupAdmin.close();
  }
}

interface Stats {
  assignment: number[];
  generationId: number | null;
  processed: { total: number; byPartition: Record<string, number> };
  rebalances: RebalanceLine[];
}

const stats = (s: ServiceProcess) => getJson<Stats>(`${s.url}/stats`);
const stock = async (s: ServiceProcess) => (await getJson<{ stock: number }>(`${s.url}/inventories/1`)).stock;
const rebalances = (journal: string) => readJournal(journal).filter((l) => l.k === 'rebalance') as RebalanceLine[];
const orderIds = (...journals: string[]) =>
  new Set(
    journals.flatMap((j) =>
      readJournal(j)
        .filter((l) => l.k === 'order')
        .map((l) => l.orderId as string),
    ),
  );

/** Every line of a finished journal validates against the one schema every client writes. */
function expectValidJournal(file: string): void {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  expect(lines.length).toBeGreaterThan(1);
  lines.forEach((line, i) => {
    const parsed = journalLine.safeParse(JSON.parse(line));
    expect(parsed.success, `${file}:${i + 1}: ${parsed.error?.message}`).toBe(true);
  });
  expect(JSON.parse(lines[0]!)).toMatchObject({ k: 'journal', client: 'platformatic', groupProtocol: 'consumer' });
}

function vmRssKb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? NaN);
}

describe('the inventory replica on @platformatic/kafka with the consumer group protocol (KIP-848)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ksb-platformatic-'));
  const topics: string[] = [];

  beforeAll(() => admin.connect());
  afterEach(killAllServices);
  afterAll(async () => {
    await killAllServices();
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  async function replica(
    label: string,
    topic: string,
    group: string,
    extra: string[] = [],
  ): Promise<{ service: ServiceProcess; journal: string; readyMs: number }> {
    const journal = path.join(dir, `${label}.ndjson`);
    const started = Date.now();
    const service = await spawnService('inventory', [
      '--client',
      'platformatic',
      '--group-protocol',
      'consumer',
      '--brokers',
      brokers,
      '--topic',
      topic,
      '--group',
      group,
      '--journal',
      journal,
      '--name',
      label,
      ...extra,
    ]);
    return { service, journal, readyMs: Date.now() - started };
  }

  it('the lab: one replica idles on 1 partition; the topic grows to 2 and the owner keeps partition 0; SIGTERM hands over', async () => {
    const topic = uniqueName('plt_lab');
    const group = uniqueName('inventory');
    topics.push(topic);
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await groupTiming(group);
    const [ra, rb, order] = await Promise.all([
      replica('lab-a', topic, group),
      replica('lab-b', topic, group),
      // The producer must see the new partition soon too (kafkajs default: 300000 ms).
      spawnService('order', ['--brokers', brokers, '--topic', topic, '--key', 'none', '--metadata-max-age-ms', '1500']),
    ]);
    console.log(`platformatic replica: spawn to ready line ${ra.readyMs} ms and ${rb.readyMs} ms`);

    const [owner, idle] = await waitFor(
      'one replica owning partition 0 and the other none',
      async () => {
        const [sa, sb] = await Promise.all([stats(ra.service), stats(rb.service)]);
        const settled = sa.rebalances.at(-1)?.type === 'assigned' && sb.rebalances.at(-1)?.type === 'assigned';
        if (!settled) return undefined;
        if (sa.assignment.join() === '0' && sb.assignment.length === 0) return [ra, rb] as const;
        if (sb.assignment.join() === '0' && sa.assignment.length === 0) return [rb, ra] as const;
        return undefined;
      },
      30_000,
    );
    await waitFor('"partitions assigned: []" on the idle replica', () => idle.service.stderr().includes('partitions assigned: []'));
    expect(owner.service.stderr()).toContain(`partitions assigned: [${topic}-0]`);

    for (const r of [owner, idle]) {
      expect(await requestJson(`${r.service.url}/inventories`, { body: { id: 1, stock: 100 } })).toMatchObject({ status: 201 });
    }
    const first = await placeOrders(order.url, 4, { productId: 1, qty: 1 }, 1);
    expect(first.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    await waitFor('the owner to apply four orders', async () => (await stock(owner.service)) === 96);
    expect(await stock(idle.service)).toBe(100);

    const altered = Date.now();
    await admin.createPartitions({ topicPartitions: [{ topic, count: 2 }] });
    const done = await waitFor(
      'each replica to own one partition',
      async () => {
        const [so, si] = await Promise.all([stats(owner.service), stats(idle.service)]);
        return so.assignment.join() === '0' && si.assignment.join() === '1' ? Date.now() : undefined;
      },
      30_000,
      50,
    );
    console.log(`alter to 2 partitions -> the idle replica owns partition 1 after ${done - altered} ms (group heartbeat interval ${HEARTBEAT_MS} ms)`);
    expect(idle.service.stderr()).toContain(`partitions assigned: [${topic}-1]`);
    // KIP-848 moves only what must move: the owner of partition 0 kept it throughout.
    expect(rebalances(owner.journal).filter((l) => l.type === 'revoked' && l.partitions.includes(0))).toEqual([]);
    expect(rebalances(idle.journal).at(-1)).toMatchObject({ type: 'assigned', partitions: [1], owned: [1] });

    // The group may settle before the order service's metadata (1.5 s max age) shows partition 1:
    // orders go on, a few at a time, until both replicas have applied some.
    const more: Awaited<ReturnType<typeof placeOrders>> = [];
    await waitFor(
      'orders applied on both replicas',
      async () => {
        more.push(...(await placeOrders(order.url, 4, { productId: 1, qty: 1 }, 2)));
        return (await stock(owner.service)) < 96 && (await stock(idle.service)) < 100;
      },
      30_000,
    );
    expect(more.every((r) => r.status === 201)).toBe(true);
    const [ownerStock, idleStock] = await waitFor(`all ${4 + more.length} orders applied`, async () => {
      const s = [await stock(owner.service), await stock(idle.service)] as const;
      return 200 - s[0] - s[1] === 4 + more.length ? s : undefined;
    });
    expect(ownerStock).toBeLessThan(96);
    expect(idleStock).toBeLessThan(100);
    console.log(`platformatic replica VmRSS after ${4 + more.length} orders: ${vmRssKb(owner.service.pid)} kB and ${vmRssKb(idle.service.pid)} kB`);

    // SIGTERM: the owner of partition 0 leaves the group at once and the other takes both.
    const stopped = Date.now();
    const { code } = await owner.service.kill('SIGTERM');
    const exitMs = Date.now() - stopped;
    expect(code).toBe(0);
    expect(exitMs).toBeLessThan(5000);
    expect(rebalances(owner.journal).at(-1)).toMatchObject({ type: 'stop', partitions: [0], owned: [] });
    await waitFor('the survivor to own both partitions', async () => (await stats(idle.service)).assignment.join() === '0,1', 15_000, 50);
    console.log(`SIGTERM: the replica exited in ${exitMs} ms; the survivor owned both partitions ${Date.now() - stopped} ms after the signal`);
    expect(rebalances(idle.journal).at(-1)).toMatchObject({ type: 'assigned', partitions: [0], owned: [0, 1] });

    const after = await placeOrders(order.url, 20, { productId: 1, qty: 1 }, 2);
    expect(after.every((r) => r.status === 201)).toBe(true);
    const ids = [...first, ...more, ...after].map((r) => r.body.orderId as string);
    await waitFor('every acknowledged order in a journal', () => {
      const seen = orderIds(owner.journal, idle.journal);
      return ids.every((id) => seen.has(id));
    });
    const survivorPartitions = readJournal(idle.journal)
      .filter((l) => l.k === 'order' && after.some((r) => r.body.orderId === l.orderId))
      .map((l) => l.partition);
    expect(new Set(survivorPartitions)).toEqual(new Set([0, 1]));

    await idle.service.kill('SIGTERM');
    expectValidJournal(owner.journal);
    expectValidJournal(idle.journal);
  });

  it('scale-out under load: the first replica gives up only the partitions that move, after finishing their records; nothing is lost', async () => {
    const topic = uniqueName('plt_scale');
    const group = uniqueName('inventory');
    topics.push(topic);
    await admin.createTopics({ topics: [{ topic, numPartitions: 4 }], waitForLeaders: true });
    await groupTiming(group);
    const flags = ['--partitions-concurrently', '2', '--work-ms', '5'];
    const [ra, order] = await Promise.all([
      replica('scale-a', topic, group, flags),
      spawnService('order', ['--brokers', brokers, '--topic', topic, '--key', 'orderId']),
    ]);
    await waitFor('the first replica to own all 4 partitions', async () => (await stats(ra.service)).assignment.join() === '0,1,2,3', 30_000);

    // Orders keep coming while the second replica joins and the group reconciles.
    let loading = true;
    const placed: string[] = [];
    const load = (async () => {
      while (loading) {
        const answers = await placeOrders(order.url, 10, { productId: 1, qty: 1 }, 5);
        for (const r of answers) if (r.status === 201) placed.push(r.body.orderId as string);
      }
    })();
    await waitFor('orders flowing', () => placed.length >= 50);
    const rb = await replica('scale-b', topic, group, flags);
    const settled = await waitFor(
      'two partitions each',
      async () => {
        const [sa, sb] = await Promise.all([stats(ra.service), stats(rb.service)]);
        return sa.assignment.length === 2 && sb.assignment.length === 2 ? ([sa.assignment, sb.assignment] as const) : undefined;
      },
      30_000,
      50,
    );
    await waitFor('orders processed by the second replica', async () => (await stats(rb.service)).processed.total >= 20);
    loading = false;
    await load;
    await waitFor('every acknowledged order in a journal', () => {
      const seen = orderIds(ra.journal, rb.journal);
      return placed.every((id) => seen.has(id));
    });

    const [keptByA, movedToB] = settled;
    const revoked = rebalances(ra.journal).filter((l) => l.type === 'revoked');
    expect(revoked).toHaveLength(1);
    expect(revoked[0]).toMatchObject({ partitions: movedToB, owned: keptByA });
    // The revoked line comes after the last record the first replica processed on those partitions.
    const lines = readJournal(ra.journal);
    const revokedAt = lines.findIndex((l) => l.k === 'rebalance' && l.type === 'revoked');
    expect(lines.slice(revokedAt).filter((l) => l.k === 'order' && movedToB.includes(l.partition))).toEqual([]);
    expect(
      rebalances(rb.journal)
        .filter((l) => l.type === 'assigned')
        .at(-1),
    ).toMatchObject({ partitions: movedToB, owned: movedToB });
    console.log(
      `scale-out under load: ${placed.length} orders, none lost; revoked ${JSON.stringify(movedToB)}, kept ${JSON.stringify(keptByA)}; VmRSS ${vmRssKb(ra.service.pid)} kB and ${vmRssKb(rb.service.pid)} kB`,
    );

    await Promise.all([ra.service.kill('SIGTERM'), rb.service.kill('SIGTERM')]);
    expectValidJournal(ra.journal);
    expectValidJournal(rb.journal);
  });

  it("a session that expires (the process frozen past the group's session timeout): lost, then it rejoins as a new member", async () => {
    const topic = uniqueName('plt_expiry');
    const group = uniqueName('inventory');
    topics.push(topic);
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    await groupTiming(group, { sessionTimeoutMs: 6000 });
    const [ra, rb, order] = await Promise.all([
      replica('expiry-a', topic, group),
      replica('expiry-b', topic, group),
      spawnService('order', ['--brokers', brokers, '--topic', topic, '--key', 'orderId']),
    ]);
    const one = async (r: ServiceProcess) => (await stats(r)).assignment.length === 1;
    await waitFor('one partition each', async () => (await one(ra.service)) && (await one(rb.service)), 30_000);

    ra.service.child.kill('SIGSTOP');
    const frozen = Date.now();
    await waitFor('the other replica to own both partitions', async () => (await stats(rb.service)).assignment.join() === '0,1', 20_000, 50);
    console.log(`session expiry: the other replica owned both partitions ${Date.now() - frozen} ms after the freeze (session timeout 6000 ms)`);
    ra.service.child.kill('SIGCONT');
    await waitFor('one partition each again', async () => (await one(ra.service)) && (await one(rb.service)), 60_000);

    const steps = rebalances(ra.journal);
    const lost = steps.findIndex((l) => l.type === 'lost');
    expect(lost).toBeGreaterThan(0);
    expect(steps[lost]).toMatchObject({ owned: [] });
    expect(steps[lost]!.partitions).toHaveLength(1);
    expect(steps[lost + 1]).toMatchObject({ type: 'join', memberId: '' });
    const rejoined = steps.slice(lost + 2).filter((l) => l.type === 'assigned');
    expect(rejoined.at(-1)!.owned).toHaveLength(1);
    expect(rejoined[0]!.memberId).not.toBe(steps[lost]!.memberId);
    expect(ra.service.stderr()).toMatch(/partitions lost: \[.*\] \(.*UNKNOWN_MEMBER_ID/);

    const placed = await placeOrders(order.url, 20);
    expect(placed.every((r) => r.status === 201)).toBe(true);
    await waitFor('every order in a journal', () => {
      const seen = orderIds(ra.journal, rb.journal);
      return placed.every((r) => seen.has(r.body.orderId as string));
    });
    expect((await stats(ra.service)).processed.total).toBeGreaterThan(0);
    await Promise.all([ra.service.kill('SIGTERM'), rb.service.kill('SIGTERM')]);
    expectValidJournal(ra.journal);
    expectValidJournal(rb.journal);
  });
});
