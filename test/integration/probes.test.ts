import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { describeClassicGroup as readGroup } from '../../harness/groups/classic/probe.ts';
import { ConsumerGroupDescriber } from '../../harness/groups/consumer/consumer-group-describe.ts';
import { settledWithOneOwnerEach as isSettled } from '../../harness/groups/exclusive.ts';
import { alterGroupConfigs } from '../../harness/groups/group-config.ts';
import { readLag } from '../../harness/probes/lag.ts';
import { startManagedSystem as startSystem } from '../../harness/sut/managed/system.ts';
import type { SystemUnderTest } from '../../harness/sut/types.ts';
import { runKafkaTool } from '../../harness/broker/index.ts';
import type { Topology } from '../../harness/model/scenario.ts';

const brokers = inject('kafkaBrokers');
const kafka = new Kafka({ clientId: 'probes-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
const admin = kafka.admin();
const topic = `probes-${randomUUID()}`;
const groupId = `probes-group-${randomUUID()}`;
const dir = mkdtempSync(path.join(os.tmpdir(), 'ksb-test-probes-'));
let system: SystemUnderTest | undefined;

/** 3 partitions, 2 replicas, keyed orders, no work: the probes' group, with a given consumer. */
function threeByTwo(consumer: Topology['consumer']): Topology {
  return {
    partitions: 3,
    replicas: 2,
    store: 'memory',
    key: 'orderId',
    producer: { metadataMaxAgeMs: 300_000 },
    consumer,
    work: { perMessageMs: 0, mode: 'sleep' },
  };
}

/** kafka-consumer-groups --describe rows: partition -> {lag, consumerId, clientId}. */
async function describeGroup(): Promise<Map<number, { lag: string; consumerId: string; clientId: string }>> {
  const run = await runKafkaTool('kafka-consumer-groups', ['--bootstrap-server', brokers, '--describe', '--group', groupId]);
  const rows = new Map<number, { lag: string; consumerId: string; clientId: string }>();
  for (const line of run.stdout.split('\n')) {
    const cols = line.trim().split(/\s+/);
    // GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID
    if (cols[1] !== topic) continue;
    rows.set(Number(cols[2]), { lag: cols[5]!, consumerId: cols[6]!, clientId: cols[8]! });
  }
  return rows;
}

describe("probes agree with Kafka's own kafka-consumer-groups", () => {
  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
  });
  afterAll(async () => {
    await system?.stop();
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    await admin.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports the same partition ownership while the group runs and the same LAG once it stops', async () => {
    const topology = threeByTwo({
      client: 'kafkajs',
      groupProtocol: 'classic',
      assignor: 'range',
      metadataMaxAgeMs: 300_000,
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 1000,
      groupHeartbeatIntervalMs: null,
      partitionsConsumedConcurrently: 1,
    });
    system = await startSystem({ brokers, topic, groupId, topology, dir, productIds: 1 });
    let group = await readGroup(admin, groupId, topic);
    for (let i = 0; i < 120 && !isSettled(group, 2, 3); i++) {
      await new Promise((r) => setTimeout(r, 250));
      group = await readGroup(admin, groupId, topic);
    }
    expect(isSettled(group, 2, 3)).toBe(true);

    const tool = await describeGroup();
    expect(tool.size).toBe(3);
    for (const member of group.members) {
      for (const p of member.partitions) expect(tool.get(p)!.consumerId).toBe(member.memberId);
    }

    // Some orders, processed; then the replicas leave and more orders pile up unconsumed.
    for (let i = 0; i < 30; i++)
      await fetch(`${system.orderUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"productId":1,"qty":1}' });
    // Until all 30 are processed and committed: the group's lag is 0.
    let processed = await readLag(admin, topic, groupId);
    for (let i = 0; i < 120 && processed.partitions.reduce((s, p) => s + p.lag, 0) > 0; i++) {
      await new Promise((r) => setTimeout(r, 250));
      processed = await readLag(admin, topic, groupId);
    }
    expect(processed.partitions.reduce((s, p) => s + p.lag, 0)).toBe(0);
    await system.stop();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: Array.from({ length: 45 }, (_, i) => ({ partition: i % 3, value: JSON.stringify({ filler: i }) })) });
    await producer.disconnect();

    const lag = await readLag(admin, topic, groupId);
    const stopped = await describeGroup();
    expect(lag.partitions).toHaveLength(3);
    for (const p of lag.partitions) expect(String(p.lag)).toBe(stopped.get(p.partition)!.lag);
    expect(lag.partitions.reduce((s, p) => s + p.lag, 0)).toBe(45);
  });
});

/** `kafka-consumer-groups --describe --members --verbose` rows by header name: one per member. */
async function describeMembers(group: string): Promise<Array<Record<string, string>>> {
  const run = await runKafkaTool('kafka-consumer-groups', ['--bootstrap-server', brokers, '--describe', '--group', group, '--members', '--verbose']);
  const lines = run.stdout.split('\n').filter((l) => l.trim().length > 0);
  const headerAt = lines.findIndex((l) => /^GROUP\s+CONSUMER-ID/.test(l.trim()));
  if (headerAt < 0) throw new Error(`no member table in kafka-consumer-groups output:\n${run.stdout}\n${run.stderr}`);
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

/** `topic:0,1` (or `-`; several topics as `a:0,1,b:2`) as this topic's partitions. */
function assignmentOf(value: string | undefined, of: string): number[] {
  if (!value || value === '-') return [];
  const found: number[] = [];
  let current = '';
  for (const token of value.split(',')) {
    const colon = token.lastIndexOf(':');
    if (colon >= 0) current = token.slice(0, colon);
    const partition = token.slice(colon + 1);
    if (current === of && partition !== '') found.push(Number(partition));
  }
  return found.sort((a, b) => a - b);
}

describe('the KIP-848 group probe agrees with kafka-consumer-groups --describe --members --verbose', () => {
  const cgTopic = `probes-cg-${randomUUID()}`;
  const cgGroup = `probes-cg-group-${randomUUID()}`;
  const cgDir = mkdtempSync(path.join(os.tmpdir(), 'ksb-test-probes-cg-'));
  let cgSystem: SystemUnderTest | undefined;
  const admin = kafka.admin();
  const describer = new ConsumerGroupDescriber(brokers.split(','));
  const reader = { read: () => describer.read(cgGroup, cgTopic), close: () => describer.close() };

  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: cgTopic, numPartitions: 3 }], waitForLeaders: true });
  });
  afterAll(async () => {
    await cgSystem?.stop();
    await reader.close();
    await admin.deleteTopics({ topics: [cgTopic] }).catch(() => {});
    await admin.disconnect();
    rmSync(cgDir, { recursive: true, force: true });
  });

  it('reports the same members and assignments for a consumer-protocol group', async () => {
    const topology = threeByTwo({
      client: 'platformatic',
      groupProtocol: 'consumer',
      assignor: 'uniform',
      metadataMaxAgeMs: 300_000,
      sessionTimeoutMs: null,
      heartbeatIntervalMs: null,
      groupHeartbeatIntervalMs: 1000,
      partitionsConsumedConcurrently: 1,
    });
    // As a cell sets it before its replicas start: the second member's partitions move at the first
    // member's next heartbeat, 1 s here instead of the broker's 5 s.
    await alterGroupConfigs(brokers.split(','), cgGroup, { 'consumer.heartbeat.interval.ms': '1000' });
    cgSystem = await startSystem({ brokers, topic: cgTopic, groupId: cgGroup, topology, dir: cgDir, productIds: 1 });
    let group = await reader.read().catch(() => undefined);
    for (let i = 0; i < 240 && !(group && isSettled(group, 2, 3)); i++) {
      await new Promise((r) => setTimeout(r, 250));
      group = await reader.read().catch(() => undefined);
    }
    expect(group && isSettled(group, 2, 3), JSON.stringify(group)).toBe(true);
    // DescribeGroups does not describe a consumer-protocol group: the classic probe sees no members.
    expect((await readGroup(admin, cgGroup, cgTopic)).members).toEqual([]);

    const members = await describeMembers(cgGroup);
    expect(members).toHaveLength(2);
    for (const m of group!.members) {
      const row = members.find((r) => r['CONSUMER-ID'] === m.memberId);
      expect(row, `member ${m.memberId} in ${JSON.stringify(members)}`).toBeDefined();
      expect(row!['CLIENT-ID']).toBe(m.clientId);
      expect(assignmentOf(row!['CURRENT-ASSIGNMENT'] ?? row!.ASSIGNMENT, cgTopic)).toEqual(m.partitions);
    }
  });
});
