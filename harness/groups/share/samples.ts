/**
 * A share group's answers as the harness's samples (pure, so a recorded answer tests them).
 */
import type { GroupSample, LagSample } from '../../model/samples.ts';
import type { DescribeShareGroupOffsetsGroup } from './describe-share-group-offsets-v1.ts';
import type { ShareGroupDescribeGroup } from './share-group-describe-v1.ts';

/** Members and what each is assigned of `topic`, as ShareGroupDescribe reports them; a group that is not there reads as Unknown with none. */
export function shareGroupSample(group: ShareGroupDescribeGroup | undefined, topic: string, at: number): GroupSample {
  if (group?.errorCode !== 0 || group.groupState === 'Dead') return { at, state: 'Unknown', members: [] };
  return {
    at,
    state: group.groupState,
    members: group.members
      .map((m) => ({
        memberId: m.memberId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        partitions: [...(m.assignment.topicPartitions.find((t) => t.topicName === topic)?.partitions ?? [])].sort((a, b) => a - b),
        epoch: m.memberEpoch,
      }))
      .sort((a, b) => a.clientId.localeCompare(b.clientId) || a.memberId.localeCompare(b.memberId)),
  };
}

/** Log start and end offsets of one partition, read before the group's offsets. */
export interface PartitionEnds {
  partition: number;
  low: number;
  high: number;
}

/**
 * Per partition: `end` the log end offset, `committed` the share-partition start offset (every
 * record below it is acknowledged or archived; null while the partition has no share state),
 * `lag` the coordinator's (KIP-1226: its latest offset minus the start offset minus the records
 * past the start offset already delivered completely). Where the coordinator reports no lag, the
 * lag counts every record from the start offset (or, with no state, from the log start) as waiting.
 * The ends are read before the group's offsets, so the coordinator's own latest offset is at least
 * `end`: a lag of 0 means every record below `end` is delivered completely.
 */
export function shareLagSample(ends: readonly PartitionEnds[], group: DescribeShareGroupOffsetsGroup | undefined, topic: string, at: number): LagSample {
  const state = new Map((group?.topics.find((t) => t.topicName === topic)?.partitions ?? []).map((p) => [p.partitionIndex, p]));
  return {
    at,
    partitions: ends
      .map(({ partition, low, high }) => {
        const s = state.get(partition);
        const start = s && s.errorCode === 0 && s.startOffset >= 0n ? Number(s.startOffset) : null;
        const reported = s && s.errorCode === 0 && s.lag >= 0n ? Number(s.lag) : null;
        return { partition, end: high, committed: start, lag: reported ?? Math.max(0, high - (start ?? low)) };
      })
      .sort((a, b) => a.partition - b.partition),
  };
}
