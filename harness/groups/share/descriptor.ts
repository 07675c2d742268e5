/**
 * Share groups (KIP-932): the members share partitions and the broker hands each record to one of
 * them under a lock; ShareGroupDescribe and DescribeShareGroupOffsets, the simple assignor in the
 * broker, the broker's timings.
 */
import { settledWithEveryPartitionShared } from '../shared.ts';
import type { GroupTypeDescriptor } from '../types.ts';

export const share: GroupTypeDescriptor = {
  name: 'share',
  label: 'share group',
  defaultAssignor: 'simple',
  clientTimings: false,
  timingsNote:
    "the broker sets group.share.session.timeout.ms and group.share.heartbeat.interval.ms; a scenario sets the group's own with groupSessionTimeoutMs and groupHeartbeatIntervalMs",
  groupHeartbeat: true,
  recordLocks: true,
  ownership: 'shared',
  // Every record below it is acknowledged or archived; the members commit no offsets.
  progressOffset: 'share-partition start offset',
  isSettled: settledWithEveryPartitionShared,
  probe: async () => (await import('./probe.ts')).shareProbe,
};
