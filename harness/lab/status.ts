import { Kafka, logLevel } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { watchGroup } from '../groups/open.ts';
import { readLag, totalLag } from '../probes/lag.ts';
import type { GroupSample } from '../model/samples.ts';
import { getJson } from '../sut/service-process.ts';
import { isOurService, readLabState, type LabService, type LabState } from './state.ts';

export interface LabStatus {
  state: LabState;
  /** Undefined when the broker did not answer. */
  group?: GroupSample;
  /** The group's kind as Kafka listed it (`consumer-protocol group`). */
  groupKind?: string;
  partitions?: number;
  /** The group's lag (messages) when the stock was read; undefined when the broker did not answer. */
  lag?: number;
  services: Array<LabService & { up: boolean; partitions?: number[]; stock?: Array<{ id: number; stock: number }> }>;
}

/** How long status waits for the group to catch up before it reads the stock anyway. */
const CATCH_UP_MS = 5_000;

/**
 * Who owns what (the group coordinator's word, not the replicas') and each replica's stock, read
 * once the group has committed every order placed so far (lag 0, waited for up to 5 s): an
 * order answered 201 is on the topic, not yet applied, and a stock read right after it would
 * race the consumer.
 */
export async function labStatus(dir: string): Promise<LabStatus | undefined> {
  const state = readLabState(dir);
  if (!state) return undefined;
  const admin = new Kafka({ clientId: 'ksb-lab', brokers: state.bootstrapServers.split(','), logLevel: logLevel.NOTHING, connectionTimeout: 2000 }).admin();
  let group: GroupSample | undefined;
  let groupKind: string | undefined;
  let partitions: number | undefined;
  let lag: number | undefined;
  try {
    await admin.connect();
    const deadline = Date.now() + CATCH_UP_MS;
    lag = totalLag(await readLag(admin, state.topic, state.groupId));
    while (lag > 0 && Date.now() < deadline) {
      await sleep(100);
      lag = totalLag(await readLag(admin, state.topic, state.groupId));
    }
    // Found from Kafka, not from the lab's state: the replicas may have been restarted by hand on another protocol.
    const watched = await watchGroup(undefined, {
      admin,
      brokers: state.bootstrapServers.split(','),
      groupId: state.groupId,
      topic: state.topic,
    });
    group = await watched.readMembers().finally(() => watched.close());
    groupKind = watched.type()?.label;
    const meta = await admin.fetchTopicMetadata({ topics: [state.topic] });
    partitions = meta.topics[0]?.partitions.length;
  } catch {
    // the broker is gone: say so below
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  const services = await Promise.all(
    state.services.map(async (s) => {
      const up = isOurService(s);
      if (s.kind !== 'inventory') return { ...s, up };
      const member = group?.members.find((m) => m.clientId === s.name);
      const stock = up ? await getJson<Array<{ id: number; stock: number }>>(`${s.url}/inventories`).catch(() => undefined) : undefined;
      return { ...s, up, ...(member ? { partitions: member.partitions } : {}), ...(stock ? { stock } : {}) };
    }),
  );
  return {
    state,
    ...(group ? { group } : {}),
    ...(groupKind ? { groupKind } : {}),
    ...(partitions !== undefined ? { partitions } : {}),
    ...(lag !== undefined && group ? { lag } : {}),
    services,
  };
}

export function formatLabStatus(s: LabStatus): string {
  const lines = [
    `Kafka ${s.state.bootstrapServers}${s.state.brokerStartedIn ? ' (started by lab start)' : ''}${s.group ? '' : ' NOT ANSWERING'}; topic ${s.state.topic}` +
      `${s.partitions !== undefined ? ` (${s.partitions} partition${s.partitions === 1 ? '' : 's'})` : ''}; group ${s.state.groupId}${s.group ? ` (${s.groupKind ? `${s.groupKind}, ` : ''}${s.group.state})` : ''}` +
      `${s.lag === undefined ? '' : s.lag === 0 ? ', lag 0' : `, lag ${s.lag} (still catching up after ${CATCH_UP_MS / 1000} s)`}`,
  ];
  const width = Math.max(...s.services.map((x) => x.name.length));
  for (const x of s.services) {
    const head = `  ${x.name.padEnd(width)}  pid ${String(x.pid).padEnd(7)} ${x.url}  ${x.up ? 'up' : 'DOWN'}`;
    if (x.kind !== 'inventory') {
      lines.push(head);
      continue;
    }
    const owns = x.partitions ? `partitions [${x.partitions.join(', ')}]` : 'not in the group';
    const stock = x.stock ? `stock ${x.stock.length === 0 ? '(none yet)' : x.stock.map((i) => `#${i.id}=${i.stock}`).join(' ')}` : '';
    lines.push(`${head}  ${owns}  ${stock}`.trimEnd());
  }
  return lines.join('\n');
}
