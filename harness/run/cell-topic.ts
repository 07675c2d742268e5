/**
 * A cell's topic: created for the cell (and deleted at its end), or, for a system that names a
 * topic of its own, one that must already exist and is never deleted.
 */
import type { Admin } from 'kafkajs';
import { withAdminReason } from '../broker/admin-errors.ts';
import { createTopicAndWait } from '../broker/topics.ts';
import { HarnessError } from '../model/errors.ts';
import type { Cell } from '../model/scenario.ts';
import { capabilitiesOf } from '../model/system.ts';
import type { CellNames } from '../sut/types.ts';

/** Creates the topic when the cell owns it; returns the partition count the group is waited for. */
export async function prepareTopic(admin: Admin, cell: Cell, names: CellNames, replicationFactor: number): Promise<number> {
  const { topic } = names;
  if (!names.ownsTopic) return existingPartitions(admin, topic);
  // From three replicas on, an acks=all write needs two of them: one broker may be lost.
  const configEntries = [...(replicationFactor >= 3 ? [{ name: 'min.insync.replicas', value: '2' }] : []), ...capabilitiesOf(cell.system).createdTopicConfig];
  const partitions = cell.topology.partitions;
  await withAdminReason(`creating topic ${topic} (${partitions} partitions, replication factor ${replicationFactor})`, () =>
    createTopicAndWait(admin, { topic, numPartitions: partitions, replicationFactor, configEntries }),
  );
  return partitions;
}

/** A topic the run created is deleted; one that was there is never deleted. */
export async function releaseTopic(admin: Admin, names: CellNames): Promise<void> {
  if (names.ownsTopic) await admin.deleteTopics({ topics: [names.topic], timeout: 10_000 }).catch(() => {});
}

/** A topic the run does not create must exist: its partition count is what the group is waited for. */
async function existingPartitions(admin: Admin, topic: string): Promise<number> {
  const metadata = await admin.fetchTopicMetadata({ topics: [topic] }).catch(() => undefined);
  const found = metadata?.topics.find((t) => t.name === topic);
  if (!found) {
    throw new HarnessError('SERVICE_START_FAILED', `system.topic: topic ${topic} does not exist (system.createTopic is false, so the run only watches it)`, {
      hint: 'create it first, or set system.createTopic: true to have the run create it (and delete it at the end)',
    });
  }
  return found.partitions.length;
}
