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
  // Names and defaults read with javap from Kafka 4.4.0's jars; what the lock limit counts, from
  // kafka.server.share.SharePartition (numInFlightRecords = endOffset - startOffset + 1; no new
  // records are acquired for the partition once that reaches the limit).
  scalingLimits: [
    {
      config: 'group.share.partition.max.record.locks',
      default: 2000,
      bounds:
        "the offsets of one partition in flight at once, over all members: from the share-partition start offset (its oldest record not yet acknowledged) to the last offset acquired, so acknowledged records behind a still-locked one count too; when the window is full the broker acquires no more records of that partition. Under a backlog that is about 2000 / max.poll.records members' full batches per partition (4 at the default 500). It is the broker's default for the group config share.partition.max.record.locks, which a group can set within group.share.min/max.partition.max.record.locks (100..4000)",
      source:
        'org.apache.kafka.coordinator.group.modern.share.ShareGroupConfig (kafka-group-coordinator-4.4.0.jar); the window: kafka.server.share.SharePartition numInFlightRecords, canAcquireRecords (kafka_2.13-4.4.0.jar)',
    },
    {
      config: 'group.share.max.size',
      default: 200,
      bounds: 'members in one share group',
      source: 'org.apache.kafka.coordinator.group.GroupCoordinatorConfig (kafka-group-coordinator-4.4.0.jar)',
    },
  ],
  // Every record below it is acknowledged or archived; the members commit no offsets.
  progressOffset: 'share-partition start offset',
  isSettled: settledWithEveryPartitionShared,
  probe: async () => (await import('./probe.ts')).shareProbe,
};
