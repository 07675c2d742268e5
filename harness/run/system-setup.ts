/**
 * What differs between the two kinds of system in one cell's phases, kept out of cell.ts so the
 * phases stay one path: names, the topic, how the replicas start, where the load goes.
 */
import type { Admin } from 'kafkajs';
import { HarnessError } from '../model/errors.ts';
import type { LoadPlanInput } from '../load/plan.ts';
import type { GroupReader } from '../probes/group.ts';
import type { ExternalSystemSpec } from '../model/system.ts';
import type { Cell } from '../model/scenario.ts';
import type { GroupProtocol } from '../sut/clients/capabilities.ts';
import { startExternalSystem } from '../sut/external/system.ts';
import { fill } from '../model/template.ts';
import { startSystem, type SystemOptions, type SystemUnderTest } from '../sut/system.ts';

export const externalOf = (cell: Cell): ExternalSystemSpec | undefined => (cell.system?.kind === 'external' ? cell.system : undefined);

export interface CellNames {
  topic: string;
  groupId: string;
  /** The run creates the topic, so it deletes it at the end; a topic that was there is never deleted. */
  ownsTopic: boolean;
}

export function cellNames(cell: Cell, runId: string, repeat: number): CellNames {
  const ext = externalOf(cell);
  const id = `${runId}-${cell.name}-${repeat}`;
  if (!ext) return { topic: `ksb-${id}`, groupId: `inventory-${id}`, ownsTopic: true };
  const values = { run: runId, cell: cell.name, repeat };
  return { topic: fill(ext.topic, values), groupId: fill(ext.group, values), ownsTopic: ext.createTopic };
}

export const groupProtocolOf = (cell: Cell): GroupProtocol => externalOf(cell)?.groupProtocol ?? cell.topology.consumer.groupProtocol;

/**
 * Topic settings the run adds to a topic it creates for an external system: record timestamps
 * are the broker's append times, so the tap's lag seconds and e2e bound do not depend on the
 * producer's clock.
 */
export const createdTopicConfig = (cell: Cell) => (externalOf(cell) ? [{ name: 'message.timestamp.type', value: 'LogAppendTime' }] : []);

/** A topic the run does not create must exist: its partition count is what the group is waited for. */
export async function existingPartitions(admin: Admin, topic: string): Promise<number> {
  const metadata = await admin.fetchTopicMetadata({ topics: [topic] }).catch(() => undefined);
  const found = metadata?.topics.find((t) => t.name === topic);
  if (!found) {
    throw new HarnessError('SERVICE_START_FAILED', `system.topic: topic ${topic} does not exist (system.createTopic is false, so the run only watches it)`, {
      hint: 'create it first, or set system.createTopic: true to have the run create it (and delete it at the end)',
    });
  }
  return found.partitions.length;
}

export async function startSystemFor(cell: Cell, o: SystemOptions, group: GroupReader, signal: AbortSignal): Promise<SystemUnderTest & { members?: Map<string, string> }> {
  const ext = externalOf(cell);
  if (!ext) return startSystem(o);
  return startExternalSystem({ spec: ext, brokers: o.brokers, topic: o.topic, groupId: o.groupId, replicas: cell.topology.replicas, dir: o.dir, group, productIds: o.productIds, signal });
}

/** The load's target: the order service, the external system's order URL, or the topic itself. */
export function loadTargetFor(cell: Cell, system: SystemUnderTest, brokers: string[], topic: string): Pick<LoadPlanInput, 'url' | 'body' | 'kafka'> {
  const ext = externalOf(cell);
  if (!ext) return { url: `${system.order!.url}/orders` };
  // topology.producer.metadataMaxAgeMs: as for the order service, how soon the load writes to added partitions.
  if (ext.orders.kafka) return { kafka: { brokers, topic, key: cell.topology.key, metadataMaxAgeMs: cell.topology.producer.metadataMaxAgeMs } };
  return { url: ext.orders.http!.url, body: ext.orders.http!.body };
}
