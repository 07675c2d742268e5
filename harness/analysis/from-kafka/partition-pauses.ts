import type { GroupSample } from '../../model/samples.ts';
import type { CommittedProgress } from './progress.ts';

export interface PartitionPause {
  rebalance: number;
  startAt: number;
  endAt: number;
  partition: number;
  ownerBefore: string;
  ownerAfter: string;
  /** The longest stretch without committed progress, with records waiting, that overlaps the rebalance. */
  pauseMs: number | null;
}

/** A rebalance as the coordinator's group samples show it: the samples that differ from the last Stable one. */
interface SampledRebalance {
  /** The first and last differing sample. */
  startAt: number;
  endAt: number;
  /** How many timeline actions had run at its first sample: its cause. */
  trigger: number;
  /** The last Stable sample before it. */
  before: GroupSample;
  /** The first Stable sample with the new assignment; unset while the group has not settled. */
  after?: GroupSample;
}

const assignmentOf = (s: GroupSample) => s.members.map((m) => `${m.memberId}:${m.partitions.join(',')}`).sort().join(' ');

/**
 * Rebalances: a change of assignment between group samples (or a state other than Stable);
 * changes with the same trigger within 15 s of each other are one event, as the journal
 * analysis counts them. `group` sorted by time; `lastStable` is the last Stable sample of all.
 */
function sampledRebalances(group: readonly GroupSample[], window: { measureFrom: number; end: number }, actionTimes: readonly number[]): { rebalances: SampledRebalance[]; lastStable: GroupSample | undefined } {
  const triggerOf = (t: number) => actionTimes.filter((a) => a <= t).length;
  const rebalances: SampledRebalance[] = [];
  let stable: GroupSample | undefined;
  for (const s of group) {
    if (s.at < window.measureFrom - 1000 || s.at > window.end) {
      if (s.state === 'Stable') stable = s;
      continue;
    }
    const settled = s.state === 'Stable';
    if (stable && (!settled || assignmentOf(s) !== assignmentOf(stable))) {
      const open = rebalances.at(-1);
      if (open && open.trigger === triggerOf(s.at) && (open.after === undefined || s.at - open.endAt < 15_000)) {
        open.endAt = s.at;
        if (settled) open.after = s;
      } else rebalances.push({ startAt: s.at, endAt: s.at, trigger: triggerOf(s.at), before: stable, ...(settled ? { after: s } : {}) });
    }
    if (settled) stable = s;
  }
  return { rebalances, lastStable: stable };
}

/**
 * Every partition in every rebalance, with its owners either side and its pause. `group`
 * sorted by time; `name` turns a member id into the replica it is.
 */
export function partitionPauses(
  group: readonly GroupSample[],
  progress: CommittedProgress,
  window: { measureFrom: number; end: number },
  actionTimes: readonly number[],
  name: (memberId: string) => string,
): { rebalances: number; pauses: PartitionPause[] } {
  const { rebalances, lastStable } = sampledRebalances(group, window, actionTimes);
  const pauses: PartitionPause[] = [];
  rebalances.forEach((e, i) => {
    const after = e.after ?? lastStable;
    for (const p of progress.partitions) {
      const ownerBefore = e.before.members.find((m) => m.partitions.includes(p))?.memberId ?? '';
      const ownerAfter = after?.members.find((m) => m.partitions.includes(p))?.memberId ?? '';
      const list = progress.advances.get(p)!;
      let pause: number | null = null;
      // A partition new to the group had no owner to pause: as in rebalances.csv, its pause is empty.
      for (let k = 1; ownerBefore !== '' && k < list.length; k++) {
        const [a, b] = [list[k - 1]!, list[k]!];
        if (!a.waiting) continue;
        if (b.at >= e.startAt && a.at <= e.endAt) pause = Math.max(pause ?? 0, b.at - a.at);
      }
      pauses.push({ rebalance: i, startAt: e.startAt, endAt: e.endAt, partition: p, ownerBefore: ownerBefore && name(ownerBefore), ownerAfter: ownerAfter && name(ownerAfter), pauseMs: pause });
    }
  });
  return { rebalances: rebalances.length, pauses };
}
