import { Kafka, logLevel } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { watchGroup } from '../groups/open.ts';
import type { GroupTypeDescriptor } from '../groups/types.ts';
import { totalLag } from '../probes/lag.ts';
import type { GroupSample, LagSample, PartitionLag } from '../model/samples.ts';
import { getJson } from '../sut/service-process.ts';
import { isOurService, readLabState, type LabService, type LabState } from './state.ts';

export interface LabStatus {
  state: LabState;
  /** Undefined when the broker did not answer. */
  group?: GroupSample;
  /** The group's kind as Kafka listed it (label `consumer-protocol group`, `share group`...). */
  groupType?: GroupTypeDescriptor;
  partitions?: number;
  /** The group's lag (messages) when the stock was read; undefined when the broker did not answer. */
  lag?: number;
  /** Per partition, read as the group's kind is read: end offset, the offset the lag counts from, lag. */
  offsets?: PartitionLag[];
  services: Array<LabService & { up: boolean; partitions?: number[]; stock?: Array<{ id: number; stock: number }> }>;
}

/** How long status waits for the group to catch up before it reads the stock anyway. */
const CATCH_UP_MS = 5_000;

/**
 * Who owns what (the group coordinator's word, not the replicas') and each replica's stock, read
 * once the group has consumed every order placed so far (lag 0, waited for up to 5 s): an
 * order answered 201 is on the topic, not yet applied, and a stock read right after it would
 * race the consumer. The group's kind is found from Kafka, and its members and lag are read as
 * that kind must be asked (a share group's: ShareGroupDescribe, DescribeShareGroupOffsets).
 */
export async function labStatus(dir: string): Promise<LabStatus | undefined> {
  const state = readLabState(dir);
  if (!state) return undefined;
  const admin = new Kafka({ clientId: 'ksb-lab', brokers: state.bootstrapServers.split(','), logLevel: logLevel.NOTHING, connectionTimeout: 2000 }).admin();
  let group: GroupSample | undefined;
  let groupType: GroupTypeDescriptor | undefined;
  let partitions: number | undefined;
  let offsets: LagSample | undefined;
  try {
    await admin.connect();
    // Found from Kafka, not from the lab's state: the replicas may have been restarted by hand on another protocol.
    const watched = await watchGroup(undefined, {
      admin,
      brokers: state.bootstrapServers.split(','),
      groupId: state.groupId,
      topic: state.topic,
    });
    try {
      // The first read finds the group's kind; the lag is read as that kind is read.
      await watched.readMembers();
      const deadline = Date.now() + CATCH_UP_MS;
      offsets = await watched.readLag();
      while (totalLag(offsets) > 0 && Date.now() < deadline) {
        await sleep(100);
        offsets = await watched.readLag();
      }
      group = await watched.readMembers();
      groupType = watched.type();
    } finally {
      await watched.close();
    }
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
    ...(groupType ? { groupType } : {}),
    ...(partitions !== undefined ? { partitions } : {}),
    ...(offsets && group ? { offsets: offsets.partitions, lag: totalLag(offsets) } : {}),
    services,
  };
}

export function formatLabStatus(s: LabStatus): string {
  const lines = [
    `Kafka ${s.state.bootstrapServers}${s.state.brokerStartedIn ? ' (started by lab start)' : ''}${s.group ? '' : ' NOT ANSWERING'}; topic ${s.state.topic}` +
      `${s.partitions !== undefined ? ` (${s.partitions} partition${s.partitions === 1 ? '' : 's'})` : ''}; group ${s.state.groupId}${s.group ? ` (${s.groupType ? `${s.groupType.label}, ` : ''}${s.group.state})` : ''}` +
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
  lines.push(...(s.offsets ?? []).map((p) => partitionLine(p, s)));
  return lines.join('\n');
}

/**
 * `partition 0: end offset 6, committed offset 6, lag 0, owned by inventory-8082`; a share
 * group's partition counts from its share-partition start offset and is shared by its members.
 */
function partitionLine(p: PartitionLag, s: LabStatus): string {
  const members = (s.group?.members ?? []).filter((m) => m.partitions.includes(p.partition)).map((m) => m.clientId);
  const shared = s.groupType?.ownership === 'shared';
  const who = members.length === 0 ? (shared ? 'no member' : 'no owner') : `${shared ? 'shared by' : 'owned by'} ${members.join(', ')}`;
  const from = `${s.groupType?.progressOffset ?? 'committed offset'} ${p.committed ?? 'none'}`;
  return `  partition ${p.partition}: end offset ${p.end}, ${from}, lag ${p.lag}, ${who}`;
}
