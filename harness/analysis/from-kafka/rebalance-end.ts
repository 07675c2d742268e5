import type { GroupMember, GroupSample } from '../../model/samples.ts';

/**
 * How the Kafka side found a rebalance's end (kafka-pauses.csv's `end_basis`):
 * - `reconciled`: the last member whose partitions the rebalance changed has reconciled, as
 *   ConsumerGroupDescribe shows it: its epoch is the group's assignment epoch and its assignment
 *   is its target. The coordinator marks a member so in the heartbeat answer that hands it its
 *   last partitions, or once a heartbeat shows it no longer owns what it had to give up (Kafka
 *   4.x lists a partition pending revocation in the member's assignment until then).
 * - `coordinator`: the samples carry no target (classic groups, raw records from before the probe
 *   read it): the first Stable sample with the new assignment, the coordinator's time only.
 */
export type EndBasis = 'reconciled' | 'coordinator';

/** A rebalance as the group samples bound it: the last Stable sample before, the first Stable one with the new assignment. */
export interface SampledBounds {
  startAt: number;
  /** The coordinator's end: the last sample that differed from `before`. */
  endAt: number;
  before: GroupSample;
  after?: GroupSample;
}

const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((p, i) => p === b[i]);

/** The member is at its target: handed every partition of it and holding nothing it must give up. null where the sample does not say. */
function atTarget(s: GroupSample, m: GroupMember): boolean | null {
  if (s.assignmentEpoch === undefined || m.targetPartitions === undefined || m.epoch === undefined) return null;
  return m.epoch === s.assignmentEpoch && same(m.partitions, m.targetPartitions);
}

/**
 * When the rebalance ended for the members it changed. A member whose partitions stay the same
 * only has its epoch bumped at its next heartbeat (up to the group's heartbeat interval later):
 * nothing changes for it, its client reports nothing (the journals see no round for it), so it
 * does not hold the end back, unlike the group's Stable state. `group` sorted by time.
 */
export function rebalanceEnd(r: SampledBounds, group: readonly GroupSample[]): { endAt: number; basis: EndBasis } {
  const coordinator = { endAt: r.endAt, basis: 'coordinator' as const };
  const { after } = r;
  if (!after || after.members.some((m) => m.targetPartitions === undefined)) return coordinator;
  const ownedBefore = new Map(r.before.members.map((m) => [m.memberId, m.partitions]));
  const affected = after.members.filter((m) => !same(ownedBefore.get(m.memberId) ?? [], m.partitions));
  if (affected.length === 0) return coordinator;
  const during = group.filter((s) => s.at >= r.startAt && s.at <= after.at);
  let endAt = Number.NEGATIVE_INFINITY;
  for (const final of affected) {
    // The first sample with the member holding its final partitions at its target.
    const reconciled = during.find((s) => {
      const m = s.members.find((x) => x.memberId === final.memberId);
      return m !== undefined && same(m.partitions, final.partitions) && atTarget(s, m) === true;
    });
    if (!reconciled) return coordinator;
    endAt = Math.max(endAt, reconciled.at);
  }
  return { endAt, basis: 'reconciled' };
}
