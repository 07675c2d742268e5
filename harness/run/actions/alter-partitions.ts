/** alterPartitions: raise the topic's partition count while the load runs. */
import { withAdminReason } from '../../broker/admin-errors.ts';
import type { ActionExecution } from './types.ts';

export const alterPartitions: ActionExecution<'alterPartitions'> = async (e, { admin, topic }) => {
  await withAdminReason(`raising ${topic} to ${e.partitions} partitions`, () => admin.createPartitions({ topicPartitions: [{ topic, count: e.partitions }] }));
  return {};
};
