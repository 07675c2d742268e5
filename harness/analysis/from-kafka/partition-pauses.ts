import type { GroupSample } from '../../model/samples.ts';
import { FOLLOW_UP_WITH_TRIGGER_MS } from '../rebalances.ts';
import type { CommittedProgress } from './progress.ts';
import { rebalanceEnd, type EndBasis } from './rebalance-end.ts';

/**
 * A partition across a rebalance as the coordinator and the committed offsets show it: one flat
 * row per rebalance and partition, the pause a stall of committed progress. The journals'
 * PartitionPause (rebalances.ts) is another measurement: processing gaps from the orders the
 * replicas report, with whether the partition moved and how soon it resumed.
 */
export interface KafkaPartitionPause {
  rebalance: number;
  startAt: number;
  /** When the members the rebalance changed had reconciled, or where the samples cannot say, when the coordinator settled (`endBasis`). */
  endAt: number;
  endBasis: EndBasis;
  partition: number;
  ownerBefore: string;
  ownerAfter: string;
  /** The longest stretch without committed progress, with records waiting, that overlaps the rebalance (to the coordinator's end). */
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

const assignmentOf = (s: GroupSample) =>
  s.members
    .map((m) => `${m.memberId}:${m.partitions.join(',')}`)
    .sort()
    .join(' ');

/**
 * How soon a change of assignment must follow the open rebalance's last one, with the same
 * trigger, to belong to it: the journal analysis's bound (a KIP-848 member takes its share at its
 * next heartbeat). Both analyses follow the rule the README states (changes with the same trigger
 * within 15 s are one rebalance), but not the same way, and the difference is kept because
 * changing either would change what a cell counts. The journal's rule groups rounds; this one
 * groups group samples and:
 * - applies 15 s before the first action too, where the journal allows FOLLOW_UP_MS (2 s);
 * - takes a gap of exactly 15 s as a new rebalance (the journal: the same one);
 * - gives a change to the actions run at or before its sample (the journal: before its round's
 *   start + 50 ms);
 * - keeps a rebalance open, whatever the gap, until a Stable sample ends it: the counterpart of
 *   a journal round, which lasts until its last member has its assignment.
 * The four golden runs do not tell them apart: they give the same CSVs under either rule.
 */
const ASSIGNMENT_CHANGE_FOLLOW_UP_MS = FOLLOW_UP_WITH_TRIGGER_MS;

/**
 * Rebalances: a change of assignment between group samples (or a state other than Stable),
 * grouped as ASSIGNMENT_CHANGE_FOLLOW_UP_MS says. `group` sorted by time; `lastStable` is the
 * last Stable sample of all.
 */
function sampledRebalances(
  group: readonly GroupSample[],
  window: { measureFrom: number; end: number },
  actionTimes: readonly number[],
): { rebalances: SampledRebalance[]; lastStable: GroupSample | undefined } {
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
      if (open && open.trigger === triggerOf(s.at) && (open.after === undefined || s.at - open.endAt < ASSIGNMENT_CHANGE_FOLLOW_UP_MS)) {
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
): { rebalances: number; pauses: KafkaPartitionPause[] } {
  const { rebalances, lastStable } = sampledRebalances(group, window, actionTimes);
  const pauses: KafkaPartitionPause[] = [];
  rebalances.forEach((e, i) => {
    const end = rebalanceEnd(e, group);
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
      pauses.push({
        rebalance: i,
        startAt: e.startAt,
        endAt: end.endAt,
        endBasis: end.basis,
        partition: p,
        ownerBefore: ownerBefore && name(ownerBefore),
        ownerAfter: ownerAfter && name(ownerAfter),
        pauseMs: pause,
      });
    }
  });
  return { rebalances: rebalances.length, pauses };
}
