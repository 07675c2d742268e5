import { Kafka, logLevel } from 'kafkajs';
import { groupReader } from '../probes/group.ts';
import type { GroupSample } from '../results/raw.ts';
import { getJson } from '../sut/service-process.ts';
import { isOurService, readLabState, type LabService, type LabState } from './state.ts';

export interface LabStatus {
  state: LabState;
  /** Undefined when the broker did not answer. */
  group?: GroupSample;
  partitions?: number;
  services: Array<LabService & { up: boolean; partitions?: number[]; stock?: Array<{ id: number; stock: number }> }>;
}

/** Who owns what (the group coordinator's word, not the replicas') and each replica's stock. */
export async function labStatus(dir: string): Promise<LabStatus | undefined> {
  const state = readLabState(dir);
  if (!state) return undefined;
  const admin = new Kafka({ clientId: 'ksb-lab', brokers: state.bootstrapServers.split(','), logLevel: logLevel.NOTHING, connectionTimeout: 2000 }).admin();
  let group: GroupSample | undefined;
  let partitions: number | undefined;
  try {
    await admin.connect();
    const reader = groupReader(state.groupProtocol ?? 'classic', { admin, brokers: state.bootstrapServers.split(','), groupId: state.groupId, topic: state.topic });
    group = await reader.read().finally(() => reader.close());
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
  return { state, ...(group ? { group } : {}), ...(partitions !== undefined ? { partitions } : {}), services };
}

export function formatLabStatus(s: LabStatus): string {
  const lines = [
    `Kafka ${s.state.bootstrapServers}${s.state.brokerStartedIn ? ' (started by lab start)' : ''}${s.group ? '' : ' NOT ANSWERING'}; topic ${s.state.topic}` +
      `${s.partitions !== undefined ? ` (${s.partitions} partition${s.partitions === 1 ? '' : 's'})` : ''}; group ${s.state.groupId}${s.group ? ` (${s.group.state})` : ''}`,
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
