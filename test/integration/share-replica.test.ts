import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTopicAndWait } from '../../harness/broker/topics.ts';
import { javaReplicaCommand } from '../../harness/clients/java/launch.ts';
import { alterGroupConfigs } from '../../harness/groups/group-config.ts';
import { readJournal as readJournalFile } from '../../harness/journal/read.ts';
import { killAllJavaReplicas, spawnJavaReplica, type JavaReplica } from '../support/java.ts';
import { getJson, killAllServices, readJournal, requestJson, spawnService, uniqueName, waitFor, type Json } from '../support/services.ts';

const brokers = inject('kafkaBrokers');
const kafka = new Kafka({ clientId: 'share-replica-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
const admin = kafka.admin();
const producer = kafka.producer();
const PG_URL = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A dead member's session: the group's own share.session.timeout.ms (the broker's minimum is lowered to 6 s for tests). */
const SESSION_TIMEOUT_MS = 6000;

interface Stats {
  store: { duplicatesSkipped: number };
  memberId: string;
  generationId: number | null;
  assignment: number[];
  processed: { total: number };
  poisonSkipped: number;
}
const stats = (r: JavaReplica) => getJson<Stats>(`${r.url}/stats`);
const stock = async (r: JavaReplica) => (await getJson<{ stock: number }>(`${r.url}/inventories/1`)).stock;

/**
 * A share group reads from its start only with share.auto.offset.reset=earliest, set before the
 * first member joins (the harness's share group kind does it for a run); a 1 s heartbeat and a 6 s
 * session so the group notices joins and deaths quickly.
 */
async function shareGroup(configs: Record<string, string> = {}): Promise<string> {
  const group = uniqueName('share');
  await alterGroupConfigs(brokers.split(','), group, {
    'share.auto.offset.reset': 'earliest',
    'share.heartbeat.interval.ms': '1000',
    'share.session.timeout.ms': String(SESSION_TIMEOUT_MS),
    ...configs,
  });
  return group;
}

const orderEvent = (orderId: string) => JSON.stringify({ type: 'OrderPlaced', orderId, productId: 1, qty: 1, createdAt: Date.now() });

/** `count` orders straight onto the topic (no order service: fewer processes on 2 cores), `perBatch` at a time. */
async function produceOrders(topic: string, count: number, perBatch = count): Promise<string[]> {
  const ids = Array.from({ length: count }, () => uniqueName('order'));
  for (let i = 0; i < ids.length; i += perBatch) {
    await producer.send({ topic, messages: ids.slice(i, i + perBatch).map((id) => ({ value: orderEvent(id) })) });
  }
  return ids;
}

const orderLines = (file: string) => readJournal(file).filter((l) => l.k === 'order');
const journaledIds = (files: readonly string[]) => new Set(files.flatMap((f) => orderLines(f).map((l) => l.orderId as string)));

describe('the Java share replica (KafkaShareConsumer, KIP-932)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ksb-share-replica-'));
  const topics: string[] = [];

  async function createTopic(label: string): Promise<string> {
    const topic = uniqueName(label);
    topics.push(topic);
    await createTopicAndWait(admin, { topic, numPartitions: 1 });
    return topic;
  }

  function replica(topic: string, group: string, name: string, extra: string[] = []): Promise<JavaReplica> {
    const journal = path.join(dir, `${name}.ndjson`);
    return spawnJavaReplica([
      '--brokers',
      brokers,
      '--topic',
      topic,
      '--group',
      group,
      '--group-protocol',
      'share',
      '--name',
      name,
      '--journal',
      journal,
      ...extra,
    ]);
  }
  const journalOf = (name: string) => path.join(dir, `${name}.ndjson`);

  beforeAll(async () => {
    await Promise.all([admin.connect(), producer.connect()]);
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
    await Promise.all([admin.disconnect(), producer.disconnect()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses share settings where they do not apply, naming the flag (the Java replica, and the Node service for the in-process clients)', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--group-protocol', 'consumer', '--share-ack-mode', 'explicit'], /--share-ack-mode: only with --group-protocol share/],
      [['--group-protocol', 'share', '--session-timeout-ms', '6000'], /--session-timeout-ms: the share protocol takes no sessionTimeoutMs from the client/],
      [['--group-protocol', 'share', '--assignor', 'uniform'], /--assignor: client java with groupProtocol share supports assignor simple, got "uniform"/],
      [['--group-protocol', 'share', '--share-acquire-mode', 'greedy'], /--share-acquire-mode: expected one of batch_optimized\|record_limit, got "greedy"/],
    ];
    for (const [flags, message] of cases) {
      const { command, args } = await javaReplicaCommand(flags);
      const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.once('close', (code) => resolve({ code, stderr }));
      });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(/^inventory: error\[BAD_ARGUMENT\]: /);
      expect(run.stderr).toMatch(message);
    }
    // kafkajs (the default client) joins no share group and takes no share setting.
    await expect(spawnService('inventory', ['--brokers', brokers, '--group-protocol', 'share'])).rejects.toThrow(
      /--group-protocol: client kafkajs supports groupProtocol classic, got "share"/,
    );
    await expect(spawnService('inventory', ['--brokers', brokers, '--share-ack-mode', 'explicit'])).rejects.toThrow(
      /--share-ack-mode: client kafkajs takes no shareAckMode; java \(share\) does/,
    );
  });

  it('two share replicas on ONE partition: both own it and both process orders; SIGTERM leaves cleanly', async () => {
    const topic = await createTopic('share2');
    const group = await shareGroup();
    // record_limit with 5 records a poll: one member cannot acquire the whole backlog at once.
    const flags = ['--work-ms', '20', '--share-acquire-mode', 'record_limit', '--max-poll-records', '5'];
    const [a, b] = await Promise.all([replica(topic, group, `${topic}-a`, flags), replica(topic, group, `${topic}-b`, flags)]);
    for (const r of [a, b]) expect((await requestJson(`${r.url}/inventories`, { body: { id: 1, stock: 1000 } })).status).toBe(201);
    await waitFor(
      'both replicas to own partition 0 at once',
      async () => (await Promise.all([a, b].map(stats))).every((s) => s.assignment.join() === '0'),
      60_000,
    );

    const ids = await produceOrders(topic, 100, 10);
    const journals = [journalOf(`${topic}-a`), journalOf(`${topic}-b`)];
    await waitFor('every order journaled', () => ids.every((id) => journaledIds(journals).has(id)), 60_000);
    const [stockA, stockB] = await Promise.all([stock(a), stock(b)]);
    console.log(`share, one partition: replica a applied ${1000 - stockA}, replica b ${1000 - stockB} of ${ids.length} orders`);
    expect(stockA).toBeLessThan(1000);
    expect(stockB).toBeLessThan(1000);

    const [sa, sb] = await Promise.all([stats(a), stats(b)]);
    expect(sa.memberId).not.toBe(sb.memberId);
    const signalled = Date.now();
    const { code } = await a.kill('SIGTERM');
    console.log(`share: SIGTERM -> exit ${code} after ${Date.now() - signalled} ms`);
    expect(code).toBe(0);
    const lines = checkShareJournal(journals[0]!, { pid: a.pid, ended: true });
    expect(lines.at(-1)).toMatchObject({ k: 'rebalance', type: 'stop', partitions: [0], owned: [], memberId: sa.memberId });
    checkShareJournal(journals[1]!, { pid: b.pid, ended: false });
  });

  it('explicit mode: each record is acknowledged once processed (ACCEPT; poison REJECTed): nothing comes back to the next member', async () => {
    const topic = await createTopic('shareack');
    const group = await shareGroup();
    const first = await replica(topic, group, `${topic}-a`, [
      '--share-ack-mode',
      'explicit',
      '--share-acquire-mode',
      'record_limit',
      '--max-poll-records',
      '7',
    ]);
    const ids = await produceOrders(topic, 40);
    await producer.send({ topic, messages: [{ value: 'not json' }] });
    await waitFor('40 orders and the poison record processed', async () => {
      const s = await stats(first);
      return s.processed.total === 40 && s.poisonSkipped === 1;
    });
    // The acknowledgements go with the next poll, or with the commit before close.
    expect((await first.kill('SIGTERM')).code).toBe(0);
    expect(first.stderr()).not.toContain('refused the acknowledgement');
    const firstLines = checkShareJournal(journalOf(`${topic}-a`), { pid: first.pid, ended: true });
    expect(firstLines.filter((l) => l.k === 'order').map((l) => l.orderId)).toEqual(ids);
    expect(firstLines.find((l) => l.k === 'poison')).toMatchObject({ reason: 'value is not JSON', dc: 1 });

    // A record released, or never acknowledged, would go to the next member with delivery count 2.
    const next = await replica(topic, group, `${topic}-b`, ['--share-ack-mode', 'explicit']);
    const [marker] = await produceOrders(topic, 1);
    await waitFor('the marker order processed by the next member', () => orderLines(journalOf(`${topic}-b`)).some((l) => l.orderId === marker));
    const nextLines = readJournal(journalOf(`${topic}-b`)).filter((l) => l.k === 'order' || l.k === 'poison');
    expect(nextLines).toEqual([expect.objectContaining({ k: 'order', orderId: marker, dc: 1 })]);
    checkShareJournal(journalOf(`${topic}-b`), { pid: next.pid, ended: false });
  });

  it('SIGKILL while holding acquired records: the survivor gets them again with delivery count > 1, none lost', async () => {
    const topic = await createTopic('sharekill');
    const group = await shareGroup();
    // 100 ms per order, 10 per poll: a member holds up to 10 acquired records for about a second.
    const flags = ['--work-ms', '100', '--share-ack-mode', 'explicit', '--share-acquire-mode', 'record_limit', '--max-poll-records', '10'];
    const [victim, survivor] = await Promise.all([replica(topic, group, `${topic}-victim`, flags), replica(topic, group, `${topic}-survivor`, flags)]);
    await waitFor(
      'both replicas to own partition 0',
      async () => (await Promise.all([victim, survivor].map(stats))).every((s) => s.assignment.join() === '0'),
      60_000,
    );
    const ids = await produceOrders(topic, 120);
    await waitFor('the victim to be processing', () => orderLines(journalOf(`${topic}-victim`)).length >= 3);
    const killedAt = Date.now();
    expect((await victim.kill('SIGKILL')).signal).toBe('SIGKILL');
    const victimIds = new Set(orderLines(journalOf(`${topic}-victim`)).map((l) => l.orderId as string));

    const journals = [journalOf(`${topic}-victim`), journalOf(`${topic}-survivor`)];
    await waitFor('every produced order journaled by one replica or the other', () => ids.every((id) => journaledIds(journals).has(id)), 120_000);
    const redelivered = orderLines(journals[1]!).filter((l) => l.dc > 1);
    expect(redelivered.length).toBeGreaterThan(0);
    const firstAgain = Math.min(...redelivered.map((l) => l.processedAt as number));
    console.log(
      `share, SIGKILL: ${redelivered.length} records delivered again to the survivor (delivery counts ${[...new Set(redelivered.map((l) => l.dc))].join(', ')}); ` +
        `the first processed ${firstAgain - killedAt} ms after the kill; ${redelivered.filter((l) => victimIds.has(l.orderId)).length} of them the victim had journaled ` +
        `(processed, not yet acknowledged) ` +
        `(share.session.timeout.ms ${SESSION_TIMEOUT_MS}, share.record.lock.duration.ms: the broker's 30000)`,
    );
    expect(redelivered.every((l) => l.processedAt > killedAt)).toBe(true);
    checkShareJournal(journals[0]!, { pid: victim.pid, ended: false });
    checkShareJournal(journals[1]!, { pid: survivor.pid, ended: false });
  });

  it('the postgres store across a SIGKILL: records delivered again are applied once (exactly one decrement per order)', async () => {
    const topic = await createTopic('sharepg');
    const group = await shareGroup();
    const table = uniqueName('shareinv').toLowerCase();
    const db = new pg.Client({ connectionString: PG_URL });
    await db.connect();
    try {
      const flags = ['--work-ms', '50', '--share-ack-mode', 'explicit', '--share-acquire-mode', 'record_limit', '--max-poll-records', '10'];
      flags.push('--store', 'postgres', '--pg-url', PG_URL, '--pg-table', table);
      const [victim, survivor] = await Promise.all([replica(topic, group, `${topic}-victim`, flags), replica(topic, group, `${topic}-survivor`, flags)]);
      expect((await requestJson(`${survivor.url}/inventories`, { body: { id: 1, stock: 1000 } })).status).toBe(201);
      const ids = await produceOrders(topic, 100);
      await waitFor('the victim to be processing', () => orderLines(journalOf(`${topic}-victim`)).length >= 3);
      await victim.kill('SIGKILL');
      const journals = [journalOf(`${topic}-victim`), journalOf(`${topic}-survivor`)];
      await waitFor('every produced order journaled', () => ids.every((id) => journaledIds(journals).has(id)), 120_000);
      const again = orderLines(journals[1]!).filter((l) => l.dc > 1);
      const victimIds = new Set(orderLines(journals[0]!).map((l) => l.orderId as string));
      const appliedTwice = again.filter((l) => victimIds.has(l.orderId)).length;
      console.log(`share + postgres, SIGKILL: ${again.length} records delivered again, ${appliedTwice} of them already applied by the victim`);
      expect(again.length).toBeGreaterThan(0);
      await waitFor(`stock 1000 - ${ids.length}`, async () => (await stock(survivor)) === 1000 - ids.length);
      // A victim killed between its store and its journal line applied one more than it journaled.
      const skipped = (await stats(survivor)).store.duplicatesSkipped;
      expect(skipped).toBeGreaterThanOrEqual(appliedTwice);
      expect(skipped).toBeLessThanOrEqual(again.length);
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM ${table}_processed`);
      expect(rows[0]).toEqual({ n: ids.length });
    } finally {
      await killAllJavaReplicas();
      await db.query(`DROP TABLE IF EXISTS ${table}, ${table}_processed`).catch(() => undefined);
      await db.end();
    }
  });
});

const keysOf = (line: Record<string, unknown>) => Object.keys(line).sort().join(',');

/**
 * A share member's journal: the harness's reader accepts it; the header says share/simple; every
 * record line has its delivery count; group steps start with `join`, and each `owned` follows from
 * the step before (share groups: owned by this member, maybe by others too).
 */
function checkShareJournal(file: string, expected: { pid: number; ended: boolean }): Array<Record<string, Json>> {
  readJournalFile(file, 'replica');
  const lines = readJournal(file);
  const [header, ...rest] = lines;
  expect(header).toMatchObject({ k: 'journal', v: 2, client: 'java', groupProtocol: 'share', assignor: 'simple', pid: expected.pid });
  let owned: number[] = [];
  let started = false;
  for (const line of rest) {
    const where = JSON.stringify(line);
    if (line.k === 'order') {
      expect(keysOf(line), where).toBe('createdAt,dc,k,member,offset,orderId,partition,processedAt,productId,qty');
      expect(Number.isInteger(line.dc) && line.dc >= 1, where).toBe(true);
      expect(line.member, where).not.toBe('');
    } else if (line.k === 'poison') {
      expect(keysOf(line), where).toBe('at,dc,k,offset,partition,reason');
    } else {
      expect(line.k, where).toBe('rebalance');
      if (!started) expect(line.type, where).toBe('join');
      started = true;
      const after =
        line.type === 'assigned'
          ? [...new Set([...owned, ...line.partitions])].sort((x, y) => x - y)
          : line.type === 'join'
            ? owned
            : owned.filter((p) => !line.partitions.includes(p));
      expect(line.owned, where).toEqual(after);
      if (line.type === 'assigned') expect(Number.isInteger(line.generationId) && line.memberId !== '', where).toBe(true);
      owned = after;
    }
  }
  expect(rest.at(-1)?.type === 'stop', 'the last line is `stop` exactly when the replica left cleanly').toBe(expected.ended);
  return lines;
}
