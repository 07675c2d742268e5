import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runKafkaTool } from '../../harness/broker/index.ts';
import { describeGroupConfig } from '../../harness/groups/group-config.ts';
import { type WatchedGroup, watchGroup } from '../../harness/groups/open.ts';
import { waitUntilSettled } from '../../harness/groups/settle.ts';
import type { ConsumerCell } from '../../harness/model/scenario.ts';
import type { LagSample } from '../../harness/model/samples.ts';
import { totalLag } from '../../harness/probes/lag.ts';

/**
 * The share-group probe against Kafka's own tools on the real broker: two kafka-console-share-consumer
 * processes in one share group on a one-partition topic, read by the harness (its kind found from
 * Kafka, as a run finds it) and by kafka-share-groups --describe --members / --offsets.
 */
const brokers = inject('kafkaBrokers');
const kafka = new Kafka({ clientId: 'share-group-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
const admin = kafka.admin();
const topic = `share-${randomUUID()}`;
const groupId = `share-group-${randomUUID()}`;
const consumers: { child: ChildProcess; records: number }[] = [];
let group: WatchedGroup | undefined;

/** As a scenario with groupProtocol share would set the group up: a 2 s record lock, a 6 s session. */
const cell = {
  client: 'java',
  groupProtocol: 'share',
  assignor: 'simple',
  metadataMaxAgeMs: 300_000,
  sessionTimeoutMs: null,
  heartbeatIntervalMs: null,
  groupHeartbeatIntervalMs: 1000,
  groupSessionTimeoutMs: 6000,
  shareRecordLockDurationMs: 2000,
  partitionsConsumedConcurrently: 1,
} satisfies ConsumerCell;

function startConsoleShareConsumer(clientId: string) {
  const child = spawn(
    'java',
    [
      '-Xmx128m',
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=1',
      '-cp',
      'kafka/.dist/4.4.0/libs/*',
      'org.apache.kafka.tools.consumer.ConsoleShareConsumer',
      '--bootstrap-server',
      brokers,
      '--topic',
      topic,
      '--group',
      groupId,
      '--command-property',
      `client.id=${clientId}`,
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const consumer = { child, records: 0 };
  child.stdout!.on('data', (d: Buffer) => (consumer.records += d.toString().split('\n').length - 1));
  consumers.push(consumer);
  return consumer;
}

/** A kafka-share-groups --describe table, one row per line under its header, by column name. */
async function shareGroupsTable(option: '--members' | '--offsets'): Promise<Record<string, string>[]> {
  const run = await runKafkaTool('kafka-share-groups', ['--bootstrap-server', brokers, '--describe', '--group', groupId, option, '--verbose']);
  const lines = run.stdout.split('\n').filter((l) => l.trim().length > 0);
  const headerAt = lines.findIndex((l) => /^GROUP\s/.test(l.trim()));
  if (headerAt < 0) throw new Error(`no table in kafka-share-groups output:\n${run.stdout}\n${run.stderr}`);
  const header = lines[headerAt]!.trim().split(/\s+/);
  return lines.slice(headerAt + 1).map((l) =>
    Object.fromEntries(
      l
        .trim()
        .split(/\s+/)
        .map((v, i) => [header[i] ?? `col${i}`, v]),
    ),
  );
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    value = await read();
  }
  return value;
}

async function produce(count: number, perBatch: number, gapMs: number): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  for (let sent = 0; sent < count; sent += perBatch) {
    await producer.send({ topic, messages: Array.from({ length: Math.min(perBatch, count - sent) }, (_, i) => ({ value: `order-${sent + i}` })) });
    await new Promise((r) => setTimeout(r, gapMs));
  }
  await producer.disconnect();
}

describe('the share-group probe agrees with kafka-share-groups', () => {
  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    group = await watchGroup(undefined, { admin, brokers: brokers.split(','), groupId, topic });
    await group.configure(cell);
  });
  afterAll(async () => {
    for (const c of consumers) c.child.kill('SIGKILL');
    await group?.close();
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    await admin.disconnect();
  });

  it("sets the group's configs before a member joins", async () => {
    const names = ['share.auto.offset.reset', 'share.record.lock.duration.ms', 'share.session.timeout.ms', 'share.heartbeat.interval.ms'];
    const configs = Object.fromEntries(await Promise.all(names.map(async (n) => [n, (await describeGroupConfig(brokers.split(','), groupId, n))?.value])));
    expect(configs).toMatchObject({
      'share.auto.offset.reset': 'earliest',
      'share.record.lock.duration.ms': '2000',
      'share.session.timeout.ms': '6000',
      'share.heartbeat.interval.ms': '1000',
    });
  });

  it('finds the kind from Kafka, settles with both members on partition 0, and reports the ownership the tool reports', async () => {
    startConsoleShareConsumer('sc0');
    startConsoleShareConsumer('sc1');
    const { settled, last } = await waitUntilSettled(group!, 2, 1, { timeoutMs: 60_000 });
    expect(settled, JSON.stringify(last)).toBe(true);
    expect(group!.type()?.name).toBe('share');
    expect(last!.members.map((m) => [m.clientId, m.partitions])).toEqual([
      ['sc0', [0]],
      ['sc1', [0]],
    ]);
    const rows = await shareGroupsTable('--members');
    expect(rows).toHaveLength(2);
    for (const m of last!.members) {
      const row = rows.find((r) => r['CONSUMER-ID'] === m.memberId);
      expect(row, `member ${m.memberId} in ${JSON.stringify(rows)}`).toBeDefined();
      expect(row!['CLIENT-ID']).toBe(m.clientId);
      expect(row!.ASSIGNMENT).toBe(`${topic}:0`);
    }
    expect(await group!.sessionTimeout(undefined)).toEqual({ ms: 6000, source: "the group's share.session.timeout.ms" });
  }, 120_000);

  it('reads the share lag down to 0 once every record is acknowledged, and the same start offset and lag as the tool', async () => {
    // Paced, so both members take records (a burst can go to one member's batch).
    await produce(400, 10, 100);
    const drained = await until(
      () => group!.readLag(),
      (s: LagSample) => totalLag(s) === 0,
      60_000,
    );
    expect(drained.partitions).toEqual([{ partition: 0, end: 400, committed: expect.any(Number), lag: 0 }]);
    expect(consumers.map((c) => c.records).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(400);
    expect(
      consumers.every((c) => c.records > 0),
      `records per consumer: ${consumers.map((c) => c.records)}`,
    ).toBe(true);
    console.log(
      `records per console share consumer: ${consumers.map((c) => c.records).join(' / ')}; start offset at lag 0: ${drained.partitions[0]!.committed}`,
    );

    // With the members gone, more records wait: the probe and the tool read one stored state.
    for (const c of consumers) c.child.kill('SIGTERM');
    await Promise.all(consumers.map((c) => new Promise((r) => (c.child.exitCode !== null ? r(undefined) : c.child.once('exit', r)))));
    await produce(30, 30, 0);
    const waiting = await until(
      () => group!.readLag(),
      (s: LagSample) => totalLag(s) === 30,
      20_000,
    );
    const [row] = await shareGroupsTable('--offsets');
    expect(waiting.partitions).toEqual([{ partition: 0, end: 430, committed: Number(row!['START-OFFSET']), lag: Number(row!.LAG) }]);
    expect(totalLag(waiting)).toBe(30);
  }, 180_000);
});
