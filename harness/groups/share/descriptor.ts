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
  // Names and defaults read with javap from Kafka 4.4.0's kafka-group-coordinator-4.4.0.jar.
  scalingLimits: [
    {
      config: 'group.share.partition.max.record.locks',
      default: 2000,
      bounds:
        'records of one partition acquired (in flight, not yet acknowledged) at once, over all members; a group can lower it with share.partition.max.record.locks, within group.share.min/max.partition.max.record.locks (100..4000)',
      source: 'org.apache.kafka.coordinator.group.modern.share.ShareGroupConfig (kafka-group-coordinator-4.4.0.jar)',
    },
    {
      config: 'group.share.max.size',
      default: 200,
      bounds: 'members in one share group',
      source: 'org.apache.kafka.coordinator.group.GroupCoordinatorConfig (kafka-group-coordinator-4.4.0.jar)',
    },
  ],
  isSettled: settledWithEveryPartitionShared,
  probe: async () => (await import('./probe.ts')).shareProbe,
};
