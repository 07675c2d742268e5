import type { LagSample } from '../../model/samples.ts';
import type { CommittedProgress } from './progress.ts';
import type { TapIndex } from './tap.ts';

/** An alterPartitions action that ran: when, and the partition count it asked for. */
export interface Alteration {
  /** How the timeline describes it: `alterPartitions(2)`. */
  action: string;
  at: number;
  partitions: number;
}

/**
 * A partition an alter added, followed from its creation to its first record on each side: the
 * producer's (appended) and the group's (committed). rebalances.csv's `first_order_ms` says the
 * same from the journals; this needs nothing but Kafka, so it holds for any system.
 */
export interface AddedPartition {
  action: string;
  alteredAt: number;
  partition: number;
  /** Records appended to it by the window's end, from its log end offset; null where no offset sample named it. */
  records: number | null;
  /** The tap's timestamp of its first record; null without one on the tap. */
  firstAppendedAt: number | null;
  /** The first offset sample that saw a record of it committed; null when none was. */
  firstCommittedAt: number | null;
}

/**
 * Every partition each alter added, in the order they were added. The count before an alter is
 * the topic's as the last offset sample before it listed it (a topic the run did not create may
 * have more partitions than the scenario says). `offsets` sorted by time.
 */
export function addedPartitions(
  alterations: readonly Alteration[],
  offsets: readonly LagSample[],
  tap: TapIndex,
  progress: CommittedProgress,
  end: number,
): AddedPartition[] {
  const added: AddedPartition[] = [];
  let previous: number | undefined;
  for (const alter of [...alterations].sort((a, b) => a.at - b.at)) {
    const before = offsets.filter((s) => s.at < alter.at).at(-1)?.partitions.length ?? previous ?? offsets[0]?.partitions.length ?? alter.partitions;
    previous = Math.max(before, alter.partitions);
    for (let partition = before; partition < alter.partitions; partition++) {
      const seen = offsets.filter((s) => s.at <= end).flatMap((s) => s.partitions.filter((p) => p.partition === partition));
      // A reduce, not Math.min(...): a partition can hold more records than a call takes arguments.
      const firstAppendedAt = tap.records.reduce<number | null>((t, r) => (r.p === partition && (t === null || r.t < t) ? r.t : t), null);
      // A new partition's log starts at offset 0: its first commit is any advance past 0.
      const committed = progress.advances.get(partition)?.find((a) => a.committed > 0 && a.at <= end);
      added.push({
        action: alter.action,
        alteredAt: alter.at,
        partition,
        records: seen.length > 0 ? Math.max(...seen.map((p) => p.end)) : null,
        firstAppendedAt,
        firstCommittedAt: committed?.at ?? null,
      });
    }
  }
  return added;
}
