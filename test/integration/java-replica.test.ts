import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { readJournal as readJournalFile } from '../../harness/journal/read.ts';
import { javaReplicaCommand } from '../../harness/clients/java/launch.ts';
import { killAllJavaReplicas, residentMiB, spawnJavaReplica, type JavaReplica } from '../support/java.ts';
import {
  getJson,
  killAllServices,
  placeOrders,
  readJournal,
  requestJson,
  spawnService,
  uniqueName,
  waitFor,
  type Json,
  type ServiceProcess,
} from '../support/services.ts';
import { createTopicAndWait } from '../../harness/broker/topics.ts';
import { alterGroupConfigs } from '../../harness/groups/group-config.ts';

const brokers = inject('kafkaBrokers');
const kafka = new Kafka({ clientId: 'java-replica-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
const admin = kafka.admin();
const PG_URL = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SESSION_TIMEOUT_MS = 6000;

interface RebalanceLine {
  k: 'rebalance';
  type: string;
  at: number;
  memberId: string;
  generationId: number | null;
  partitions: number[];
  owned: number[];
  durationMs: number | null;
}

interface Stats {
  replica: string;
  memberId: string;
  assignment: number[];
  generationId: number | null;
  processed: { total: number; byPartition: Record<string, number> };
  rebalances: RebalanceLine[];
  poisonSkipped: number;
  store: { kind: string; duplicatesSkipped: number; unknownProducts: number };
}

const stats = (s: ServiceProcess) => getJson<Stats>(`${s.url}/stats`);

/** A KIP-848 group's own heartbeat interval, set before any member joins. */
async function groupHeartbeat(group: string, ms: number): Promise<void> {
  await alterGroupConfigs(brokers.split(','), group, { 'consumer.heartbeat.interval.ms': String(ms) });
}
const stock = async (s: ServiceProcess) => (await getJson<{ stock: number }>(`${s.url}/inventories/1`)).stock;

describe("the Java inventory replica (kafka-clients of the broker's release)", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ksb-java-replica-'));
  const topics: string[] = [];

  async function createTopic(label: string, partitions: number): Promise<string> {
    const topic = uniqueName(label);
    topics.push(topic);
    await createTopicAndWait(admin, { topic, numPartitions: partitions });
    return topic;
  }

  beforeAll(async () => {
    await admin.connect();
    await javaReplicaCommand([]); // compile once here, so no replica's start time includes javac
  });
  afterEach(async () => {
    await killAllJavaReplicas();
    await killAllServices();
  });
  afterAll(async () => {
    await killAllJavaReplicas();
    await killAllServices();
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a bad flag with exit code 2 and one line that names it', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--work-ms', 'abc'], /--work-ms: expected a number in 0\.\.60000, got "abc"/],
      [['--group-protocol', 'consumer', '--session-timeout-ms', '6000'], /--session-timeout-ms: the consumer protocol takes no sessionTimeoutMs/],
      [['--assignor', 'uniform'], /--assignor: client java with groupProtocol classic supports assignor range, roundrobin, cooperative-sticky, got "uniform"/],
      [['--store', 'redis', '--bogus'], /unknown flag --bogus; --store: expected one of memory\|postgres, got "redis"/],
    ];
    for (const [flags, message] of cases) {
      const { command, args } = await javaReplicaCommand(flags);
      const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.once('close', (code) => resolve({ code, stdout, stderr }));
      });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/^inventory: error\[BAD_ARGUMENT\]: /);
      expect(run.stderr).toMatch(message);
    }
  });

  const variants = [
    { protocol: 'classic', assignor: 'range', incremental: false },
    { protocol: 'consumer', assignor: 'uniform', incremental: true },
    { protocol: 'classic', assignor: 'cooperative-sticky', incremental: true },
  ] as const;

  for (const { protocol, assignor, incremental } of variants) {
    it(`the lab (${protocol}/${assignor}): one replica idle until the topic grows, then both process orders`, async () => {
      const topic = await createTopic(`javalab_${assignor.replace('-', '')}`, 1);
      const group = uniqueName('inventory');
      const journals = [path.join(dir, `${topic}-a.ndjson`), path.join(dir, `${topic}-b.ndjson`)];
      const common = [
        '--brokers',
        brokers,
        '--topic',
        topic,
        '--group',
        group,
        '--metadata-max-age-ms',
        '1000',
        '--group-protocol',
        protocol,
        '--assignor',
        assignor,
      ];
      // A member learns of the alter at its next heartbeat: every second here (defaults: 3 s for a
      // classic member, the broker's 5 s for a KIP-848 group).
      if (protocol === 'consumer') await groupHeartbeat(group, 1000);
      else common.push('--heartbeat-interval-ms', '1000');
      const [a, b, order] = await Promise.all([
        spawnJavaReplica([...common, '--name', `${topic}-a`, '--journal', journals[0]!]),
        spawnJavaReplica([...common, '--name', `${topic}-b`, '--journal', journals[1]!]),
        spawnService('order', ['--brokers', brokers, '--topic', topic, '--key', 'none', '--metadata-max-age-ms', '1000']),
      ]);
      console.log(`${protocol}/${assignor}: Java replicas ready ${a.readyMs} ms and ${b.readyMs} ms after spawn`);

      const [owner, idle] = await waitFor(
        'one replica owning partition 0 and the other none',
        async () => {
          const [sa, sb] = await Promise.all([stats(a), stats(b)]);
          const settled = sa.rebalances.at(-1)?.type === 'assigned' && sb.rebalances.at(-1)?.type === 'assigned';
          // Classic members share a generation; consumer-protocol member epochs are each member's own.
          if (!settled || (protocol === 'classic' && sa.generationId !== sb.generationId)) return undefined;
          if (sa.assignment.join() === '0' && sb.assignment.length === 0) return [a, b] as const;
          if (sb.assignment.join() === '0' && sa.assignment.length === 0) return [b, a] as const;
          return undefined;
        },
        60_000,
      );
      await waitFor('"partitions assigned: []" on the idle replica', () => idle.stderr().includes('partitions assigned: []'));
      expect(owner.stderr()).toContain(`partitions assigned: [${topic}-0]`);

      for (const replica of [owner, idle]) {
        expect(await requestJson(`${replica.url}/inventories`, { body: { id: 1, stock: 10 } })).toMatchObject({ status: 201, body: { id: 1, stock: 10 } });
      }
      const first = await placeOrders(order.url, 4, { productId: 1, qty: 1 }, 1);
      expect(first.map((r) => r.status)).toEqual([201, 201, 201, 201]);
      await waitFor('the owner to apply four orders', async () => (await stock(owner)) === 6);
      expect(await stock(idle)).toBe(10);

      const altered = Date.now();
      await admin.createPartitions({ topicPartitions: [{ topic, count: 2 }] });
      const done = await waitFor(
        'each replica to own one partition',
        async () => {
          const [so, si] = await Promise.all([stats(owner), stats(idle)]);
          return so.assignment.length === 1 && si.assignment.length === 1 && [...so.assignment, ...si.assignment].sort().join() === '0,1'
            ? Date.now()
            : undefined;
        },
        60_000,
        50,
      );
      console.log(`${protocol}/${assignor}: alter to 2 partitions -> each replica owns one after ${done - altered} ms`);
      if (incremental) {
        // Incremental protocols move only what changes owner: the owner keeps partition 0 throughout.
        expect((await stats(owner)).assignment).toEqual([0]);
        const ownerSteps = readJournal(journals[owner === a ? 0 : 1]!).filter((l) => l.k === 'rebalance' && l.at >= altered);
        expect(ownerSteps.some((l) => ['revoked', 'lost'].includes(l.type) && l.partitions.includes(0))).toBe(false);
      }

      // The group may settle before the order service's metadata (1 s max age) shows partition 1:
      // orders go on, a few at a time, until both replicas have applied some.
      const more: Awaited<ReturnType<typeof placeOrders>> = [];
      await waitFor(
        'orders applied on both replicas',
        async () => {
          more.push(...(await placeOrders(order.url, 4, { productId: 1, qty: 1 }, 2)));
          return (await stock(owner)) < 6 && (await stock(idle)) < 10;
        },
        30_000,
      );
      expect(more.every((r) => r.status === 201)).toBe(true);
      await waitFor(`all ${more.length} orders applied`, async () => 6 - (await stock(owner)) + (10 - (await stock(idle))) === more.length);
      expect(await stock(owner)).toBeLessThan(6);
      expect(await stock(idle)).toBeLessThan(10);
      console.log(`${protocol}/${assignor}: resident memory after the load: ${[a, b].map((r) => `${residentMiB(r.pid).toFixed(0)} MiB`).join(', ')}`);

      const { code } = await a.kill('SIGTERM');
      expect(code).toBe(0);
      const placed = new Set([...first, ...more].map((r) => r.body.orderId as string));
      const journaled = new Set<string>();
      for (const [i, replica] of [a, b].entries()) {
        const lines = checkJournal(journals[i]!, {
          replica: `${topic}-${i === 0 ? 'a' : 'b'}`,
          pid: replica.pid,
          groupProtocol: protocol,
          assignor,
          ended: i === 0,
        });
        for (const l of lines) if (l.k === 'order') journaled.add(l.orderId);
      }
      expect([...placed].filter((id) => !journaled.has(id))).toEqual([]);
      expect(readJournal(journals[0]!).at(-1)).toMatchObject({ k: 'rebalance', type: 'stop', owned: [] });
    });
  }

  describe('losing one of two replicas (classic/range, session timeout 6 s)', () => {
    async function twoReplicas(label: string) {
      const topic = await createTopic(label, 2);
      const group = uniqueName('inventory');
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
      const [a, b, order] = await Promise.all([
        ...journals.map((j) => spawnJavaReplica([...common, '--journal', j])),
        spawnService('order', ['--brokers', brokers, '--topic', topic, '--key', 'orderId']),
      ]);
      await waitFor('each replica to own one partition', async () => (await Promise.all([a!, b!].map(stats))).every((s) => s.assignment.length === 1), 60_000);
      const before = await placeOrders(order!.url, 40);
      expect(before.every((r) => r.status === 201)).toBe(true);
      await waitFor('the first 40 orders processed', async () => (await Promise.all([a!, b!].map(stats))).reduce((n, s) => n + s.processed.total, 0) >= 40);
      return { a: a as JavaReplica, b: b as JavaReplica, order: order!, journals, placed: before.map((r) => r.body.orderId as string) };
    }

    async function takeover(survivor: ServiceProcess): Promise<number> {
      const started = Date.now();
      await waitFor('the survivor to own both partitions', async () => (await stats(survivor)).assignment.join() === '0,1', 60_000, 50);
      return Date.now() - started;
    }

    async function keepsProcessing(order: ServiceProcess, journals: readonly [string, string], placedBefore: string[]) {
      const after = await placeOrders(order.url, 40);
      expect(after.every((r) => r.status === 201)).toBe(true);
      const ids = [...placedBefore, ...after.map((r) => r.body.orderId as string)];
      // Every acknowledged order is in some journal: the victim's before it went, the survivor's after.
      await waitFor('every acknowledged order in a journal', () => {
        const seen = new Set(
          journals
            .flatMap((j) => readJournal(j))
            .filter((l) => l.k === 'order')
            .map((l) => l.orderId),
        );
        return ids.every((id) => seen.has(id));
      });
      const survivorLines = readJournal(journals[0]).filter((l) => l.k === 'order' && after.some((r) => r.body.orderId === l.orderId));
      expect(new Set(survivorLines.map((l) => l.partition))).toEqual(new Set([0, 1]));
    }

    it('SIGTERM: the replica leaves the group cleanly, exits 0, and the other takes over at once', async () => {
      const { a, b, order, journals, placed } = await twoReplicas('javaterm');
      const signalled = Date.now();
      const { code } = await b.kill('SIGTERM');
      console.log(`SIGTERM: the Java replica exited ${code} after ${Date.now() - signalled} ms`);
      expect(code).toBe(0);
      const ms = await takeover(a);
      console.log(`SIGTERM: survivor owned both partitions ${ms} ms after the replica exited`);
      expect(ms).toBeLessThan(SESSION_TIMEOUT_MS);
      const victim = readJournal(journals[1]);
      expect(victim.at(-1)).toMatchObject({ k: 'rebalance', type: 'stop', owned: [] });
      expect(victim.at(-1)!.partitions).toHaveLength(1);
      expect(b.stderr()).toContain('SIGTERM: shutting down');
      checkJournal(journals[1], { pid: b.pid, groupProtocol: 'classic', assignor: 'range' });
      await keepsProcessing(order, journals, placed);
      checkJournal(journals[0], { pid: a.pid, groupProtocol: 'classic', assignor: 'range', ended: false });
    });

    it('SIGKILL: the other replica takes over only once the session times out', async () => {
      const { a, b, order, journals, placed } = await twoReplicas('javakill');
      const { signal } = await b.kill('SIGKILL');
      expect(signal).toBe('SIGKILL');
      const ms = await takeover(a);
      console.log(`SIGKILL: survivor owned both partitions ${ms} ms after the kill (session timeout ${SESSION_TIMEOUT_MS} ms)`);
      expect(ms).toBeGreaterThan(SESSION_TIMEOUT_MS - 2000);
      const victim = readJournal(journals[1]);
      expect(victim.some((l) => l.k === 'order')).toBe(true);
      expect(victim.some((l) => l.k === 'rebalance' && l.type === 'stop')).toBe(false);
      checkJournal(journals[1], { pid: b.pid, groupProtocol: 'classic', assignor: 'range', ended: false });
      await keepsProcessing(order, journals, placed);
    });
  });

  it('--exit-with-stdin: stdin closing (the launcher gone) leaves the group cleanly, like SIGTERM', async () => {
    const topic = await createTopic('javastdin', 1);
    const journal = path.join(dir, `${topic}.ndjson`);
    const replica = await spawnJavaReplica(
      ['--brokers', brokers, '--topic', topic, '--group', uniqueName('inventory'), '--journal', journal, '--exit-with-stdin'],
      { stdin: 'pipe' },
    );
    await waitFor('the replica to own partition 0', async () => (await stats(replica)).assignment.join() === '0', 60_000);
    replica.child.stdin!.end();
    const { code } = await replica.exited;
    expect(code, replica.stderr()).toBe(0);
    expect(replica.stderr()).toContain('stdin closed (the process that launched it is gone): shutting down');
    checkJournal(journal, { pid: replica.pid, groupProtocol: 'classic', assignor: 'range' });
  });

  it('the postgres store: exactly one decrement per order across two replicas, a redelivery changes nothing', async () => {
    const topic = await createTopic('javapg', 2);
    const group = uniqueName('inventory');
    const table = uniqueName('javainv').toLowerCase();
    const db = new pg.Client({ connectionString: PG_URL });
    await db.connect();
    try {
      const common = ['--brokers', brokers, '--topic', topic, '--group', group, '--store', 'postgres', '--pg-url', PG_URL, '--pg-table', table];
      const journals = [path.join(dir, `${topic}-0.ndjson`), path.join(dir, `${topic}-1.ndjson`)];
      const [r0, r1, order] = await Promise.all([
        spawnJavaReplica([...common, '--journal', journals[0]!]),
        spawnJavaReplica([...common, '--journal', journals[1]!]),
        spawnService('order', ['--brokers', brokers, '--topic', topic, '--key', 'orderId']),
      ]);
      const replicas = [r0, r1];
      await waitFor('each replica to own one partition', async () => (await Promise.all(replicas.map(stats))).every((s) => s.assignment.length === 1), 60_000);
      expect((await requestJson(`${r0.url}/inventories`, { body: { id: 1, stock: 1000 } })).status).toBe(201);
      expect(await getJson(`${r1.url}/inventories/1`)).toEqual({ id: 1, stock: 1000 });

      const N = 200;
      const answers = await placeOrders(order.url, N, { productId: 1, qty: 1 }, 20);
      expect(answers.filter((r) => r.status === 201)).toHaveLength(N);
      await waitFor(`stock 1000 - ${N}`, async () => (await stock(r1)) === 1000 - N, 60_000);
      const { rows } = await db.query(`SELECT count(*)::int AS n, count(DISTINCT replica)::int AS replicas FROM ${table}_processed`);
      expect(rows[0]).toEqual({ n: N, replicas: 2 });

      const firstOrder = answers[0]!.body;
      const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
      await producer.connect();
      await producer.send({ topic, messages: [{ key: firstOrder.orderId, value: JSON.stringify({ type: 'OrderPlaced', ...firstOrder }) }] });
      await producer.send({ topic, messages: [{ key: 'poison', value: '{"type":"OrderPlaced","orderId":"p-1","productId":1.5,"qty":1,"createdAt":1}' }] });
      await producer.disconnect();
      await waitFor(
        'the duplicate to be skipped',
        async () => (await Promise.all(replicas.map(stats))).reduce((sum, s) => sum + s.store.duplicatesSkipped, 0) === 1,
      );
      expect(await getJson(`${r0.url}/inventories/1`)).toEqual({ id: 1, stock: 1000 - N });
      const all = await Promise.all(replicas.map(stats));
      expect(all.map((s) => s.store.kind)).toEqual(['postgres', 'postgres']);
      expect(all.reduce((sum, s) => sum + s.processed.total, 0)).toBe(N + 1);

      // The poison record is skipped, journaled, and committed like any other.
      await waitFor('the poison record skipped', async () => (await Promise.all(replicas.map(stats))).reduce((sum, s) => sum + s.poisonSkipped, 0) === 1);
      const poison = journals.flatMap((j) => readJournal(j)).filter((l) => l.k === 'poison');
      expect(poison).toEqual([
        {
          k: 'poison',
          partition: expect.any(Number),
          offset: expect.stringMatching(/^\d+$/),
          reason: 'productId is not a positive integer',
          at: expect.any(Number),
        },
      ]);
      const ends = await admin.fetchTopicOffsets(topic);
      await waitFor('every record committed, the poison one too', async () => {
        const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
        return ends.every((e) => committed!.partitions.find((p) => p.partition === e.partition)?.offset === e.high);
      });
    } finally {
      await killAllJavaReplicas();
      await db.query(`DROP TABLE IF EXISTS ${table}, ${table}_processed`).catch(() => undefined);
      await db.end();
    }
  });
});

const REBALANCE_TYPES = ['join', 'assigned', 'revoked', 'lost', 'crash', 'stop'];
const keysOf = (line: Record<string, unknown>) => Object.keys(line).sort().join(',');
const isSortedPartitions = (v: unknown) => Array.isArray(v) && v.every((p, i) => Number.isInteger(p) && p >= 0 && (i === 0 || p > v[i - 1]));

/**
 * A journal as the v2 spec has it: the header first; every line with exactly its fields; group
 * steps whose `owned` follows from the previous step and `partitions`; `durationMs` on an
 * `assigned` exactly when a join or revoke came since the last one; orders only from owned
 * partitions. `ended`: the replica stopped cleanly (last line `stop`).
 */
function checkJournal(
  file: string,
  expected: { replica?: string; pid: number; groupProtocol: string; assignor: string; ended?: boolean },
): Array<Record<string, Json>> {
  readJournalFile(file, expected.replica ?? 'replica'); // the harness's own reader validates every line against harness/model/journal.ts
  const lines = readJournal(file);
  const [header, ...rest] = lines;
  expect(keysOf(header!)).toBe('assignor,at,client,groupProtocol,k,pid,replica,v');
  expect(header).toMatchObject({ k: 'journal', v: 2, client: 'java', groupProtocol: expected.groupProtocol, assignor: expected.assignor, pid: expected.pid });
  if (expected.replica) expect(header!.replica).toBe(expected.replica);
  expect(Number.isInteger(header!.at)).toBe(true);

  let owned: number[] = [];
  let noticed = false;
  let started = false;
  for (const line of rest) {
    const where = JSON.stringify(line);
    if (line.k === 'order') {
      expect(keysOf(line), where).toBe('createdAt,k,member,offset,orderId,partition,processedAt,productId,qty');
      expect(line.offset, where).toMatch(/^\d+$/);
      expect(typeof line.orderId === 'string' && line.orderId.length > 0, where).toBe(true);
      expect(Number.isInteger(line.partition) && Number.isFinite(line.createdAt) && Number.isInteger(line.processedAt), where).toBe(true);
      expect(Number.isInteger(line.productId) && line.productId > 0 && Number.isInteger(line.qty) && line.qty > 0, where).toBe(true);
      expect(typeof line.member === 'string' && line.member.length > 0, where).toBe(true);
      expect(owned, `an order from a partition this member did not own: ${where}`).toContain(line.partition);
    } else if (line.k === 'poison') {
      expect(keysOf(line), where).toBe('at,k,offset,partition,reason');
    } else {
      expect(line.k, where).toBe('rebalance');
      expect(keysOf(line), where).toBe(
        line.type === 'crash'
          ? 'at,durationMs,generationId,k,memberId,owned,partitions,reason,type'
          : 'at,durationMs,generationId,k,memberId,owned,partitions,type',
      );
      expect(REBALANCE_TYPES, where).toContain(line.type);
      expect(Number.isInteger(line.at) && typeof line.memberId === 'string', where).toBe(true);
      expect(line.generationId === null || Number.isInteger(line.generationId), where).toBe(true);
      expect(isSortedPartitions(line.partitions) && isSortedPartitions(line.owned), where).toBe(true);
      if (!started) expect(line.type, 'the first group step is join').toBe('join');
      started = true;
      let after: number[];
      if (line.type === 'assigned') {
        after = [...new Set([...owned, ...line.partitions])].sort((x, y) => x - y);
        expect(line.durationMs === null ? false : Number.isInteger(line.durationMs) && line.durationMs >= 0, where).toBe(noticed);
        noticed = false;
      } else {
        expect(line.durationMs, where).toBeNull();
        if (line.type === 'join' || line.type === 'revoked') noticed = true;
        if (line.type === 'join') expect(line.partitions, where).toEqual([]);
        if (line.type === 'crash' || line.type === 'stop') expect(line.partitions, where).toEqual(owned);
        after = line.type === 'join' ? owned : owned.filter((p) => !line.partitions.includes(p));
      }
      expect(line.owned, where).toEqual(after);
      if (line.type === 'assigned' && line.memberId === '') throw new Error(`assigned without a member id: ${where}`);
      owned = after;
    }
  }
  if (expected.ended !== false) expect(rest.at(-1)).toMatchObject({ k: 'rebalance', type: 'stop' });
  return lines;
}
