import type { GroupSample } from '../../model/samples.ts';
import type { Phase } from '../phases.ts';
import type { CommittedProgress } from './progress.ts';
import { sharingMembers } from './sharing.ts';
import { secondKey, secondOf } from './series.ts';

export interface MemberPhase {
  phase: number;
  memberId: string;
  /** The replica the member is, where known (the project's replicas use their name as client id). */
  replica: string;
  partitions: number[];
  /**
   * Offsets committed by the member in the phase: the messages it processed, as Kafka saw it; null
   * for a member that held a partition together with another (a share group's), whose work Kafka
   * does not attribute to either.
   */
  committed: number | null;
  throughputPerS: number | null;
}

/** Committed offsets credited to the member that made the commits. */
export interface CommitCredit {
  /** Per phase and member (key `phaseKey`), fractional: a commit is shared among the phases its sampling interval overlaps. */
  byPhase: ReadonlyMap<string, number>;
  /** Per second of the measurement and member (key `secondKey`). */
  bySecond: ReadonlyMap<string, number>;
  /** Offsets committed in the phases, every partition, before rounding. */
  inPhases: number;
}

const phaseKey = (phase: number, memberId: string) => `${phase}\u0000${memberId}`;

/** The last group sample at or before t. */
function sampleAt(group: readonly GroupSample[], t: number): GroupSample | undefined {
  let lo = 0;
  let hi = group.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (group[mid]!.at <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found < 0 ? undefined : group[found];
}

/** Who owned each partition at time t: the last group sample at or before t. */
function ownerAt(group: readonly GroupSample[], t: number, partition: number): string | undefined {
  return sampleAt(group, t)?.members.find((m) => m.partitions.includes(partition))?.memberId;
}

/** The first owner the coordinator reports after t: a new owner commits before a sample shows it. */
function ownerAfter(group: readonly GroupSample[], t: number, partition: number): string | undefined {
  return group.find((s) => s.at > t && s.members.some((m) => m.partitions.includes(partition)))?.members.find((m) => m.partitions.includes(partition))
    ?.memberId;
}

/**
 * Who made a commit seen at `at` on `partition` (the previous advance was seen at `prevAt`).
 * Group samples lag: the one before `at` can still show a member that has since left the group
 * (a killed one stays listed until its session times out, and its successor's first commit can
 * be seen before the next group sample). So when the progress comes after a stall (no advance
 * for longer than `stallMs`, two commit intervals) and the member the samples name is gone from
 * the next group sample while another owns the partition, the successor made it: crediting the
 * gone member handed a member killed 6 s earlier the 662 orders its successor caught up on.
 * Progress at the usual cadence stays with the member that owned the partition, so a member
 * that commits and then leaves keeps its last commit.
 */
function committerOf(group: readonly GroupSample[], partition: number, at: number, prevAt: number, stallMs: number): string {
  // A partition several members hold at once (a share group's): Kafka does not say which of them
  // acknowledged what, so its progress is credited to none (counted in the totals only).
  if ((sampleAt(group, at)?.members.filter((m) => m.partitions.includes(partition)).length ?? 0) > 1) return '';
  const before = ownerAt(group, at, partition) ?? ownerAt(group, prevAt, partition);
  if (before !== undefined && at - prevAt > stallMs) {
    const next = group.find((s) => s.at > at);
    const successor = ownerAfter(group, at, partition);
    if (next !== undefined && !next.members.some((m) => m.memberId === before) && successor !== undefined) return successor;
  }
  return before ?? ownerAfter(group, at, partition) ?? '';
}

/** Each advance of a partition's committed offset credited to the member that committed it. `group` sorted by time. */
export function creditCommits(progress: CommittedProgress, group: readonly GroupSample[], phases: readonly Phase[], measureFrom: number): CommitCredit {
  const byPhase = new Map<string, number>();
  const bySecond = new Map<string, number>();
  let inPhases = 0;
  const stallMs = 2 * (progress.commitIntervalMs ?? 1000);
  for (const p of progress.partitions) {
    const list = progress.advances.get(p)!;
    for (let i = 1; i < list.length; i++) {
      const at = list[i]!.at;
      const delta = list[i]!.committed - list[i - 1]!.committed;
      // The member that owned the partition when the commit was seen made it; during a rebalance
      // (no owner then) it is the one that owned it before (the revoking member commits last),
      // or for a partition new to the group the first owner reported after (samples lag commits).
      const owner = committerOf(group, p, at, list[i - 1]!.at, stallMs);
      const inSecond = secondKey(secondOf(at, measureFrom), owner);
      bySecond.set(inSecond, (bySecond.get(inSecond) ?? 0) + delta);
      // Spread over the phases the sampling interval overlaps: the commit is somewhere in it, so a
      // phase boundary inside it does not shift a whole interval's work to one side.
      const from = list[i]!.from;
      for (const phase of phases) {
        const share = from >= at ? (at >= phase.from && at < phase.to ? 1 : 0) : Math.max(0, Math.min(at, phase.to) - Math.max(from, phase.from)) / (at - from);
        if (share === 0) continue;
        inPhases += delta * share;
        const key = phaseKey(phase.index, owner);
        byPhase.set(key, (byPhase.get(key) ?? 0) + delta * share);
      }
    }
  }
  return { byPhase, bySecond, inPhases };
}

/**
 * Per phase, every member the group samples list in it with the offsets credited to it, and
 * the phase's idle members (listed in every sample, owning no partition in any) and largest group.
 */
export function membersByPhase(
  group: readonly GroupSample[],
  phases: readonly Phase[],
  credit: CommitCredit,
  name: (memberId: string) => string,
): { members: MemberPhase[]; idleMembers: number; membersMax: number } {
  const members: MemberPhase[] = [];
  let idleMembers = 0;
  let membersMax = 0;
  for (const phase of phases) {
    const inPhase = group.filter((s) => s.at >= phase.from && s.at < phase.to);
    const ids = [...new Set(inPhase.flatMap((s) => s.members.map((m) => m.memberId)))];
    membersMax = Math.max(membersMax, ...inPhase.map((s) => s.members.length));
    const present = ids.filter((id) => inPhase.length > 0 && inPhase.every((s) => s.members.some((m) => m.memberId === id)));
    const idle = present.filter((id) => inPhase.every((s) => (s.members.find((m) => m.memberId === id)?.partitions.length ?? 0) === 0));
    idleMembers = Math.max(idleMembers, idle.length);
    const seconds = (phase.to - phase.from) / 1000;
    const shared = sharingMembers(inPhase);
    for (const id of ids) {
      const last = [...inPhase].reverse().find((s) => s.members.some((m) => m.memberId === id));
      const committed = credit.byPhase.get(phaseKey(phase.index, id)) ?? 0;
      members.push({
        phase: phase.index,
        memberId: id,
        replica: name(id),
        partitions: last?.members.find((m) => m.memberId === id)?.partitions ?? [],
        committed: shared.has(id) ? null : Math.round(committed),
        throughputPerS: shared.has(id) ? null : seconds > 0 ? committed / seconds : 0,
      });
    }
  }
  return { members, idleMembers, membersMax };
}
