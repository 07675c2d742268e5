/**
 * Takeovers (pure): after a replica is killed, or paused past its session timeout, its partitions
 * stand still until the coordinator gives them to another member, which Kafka does only once the
 * member's session has timed out. A run that ends before that has measured a backlog, not a
 * recovery: the figures that depend on it are then empty and the cell says why.
 */
import type { ExecutedAction, TakeoverWatch } from '../model/raw-cell.ts';
import type { GroupSample } from '../model/samples.ts';
import { describeAction } from '../model/timeline/index.ts';

export interface Takeover {
  /** `killReplica(replica-0)` */
  action: string;
  replica: string;
  at: number;
  /** What the replica's member held at its last group sample before the action. */
  partitions: number[];
  sessionTimeoutMs: number;
  sessionTimeoutSource: string;
  /** The first group sample in which another member owns every one of them; null: not seen before the run ended. */
  takenOverAt: number | null;
  takeoverMs: number | null;
}

type MemberName = (memberId: string, clientId: string) => string;

/**
 * A kill always leaves its partitions to be taken over; a pause only when it outlasts the session
 * timeout; a stop only when the member is static (`staticMembers`): closing, a static member
 * sends no leave (classic) or leaves with epoch -2 (consumer protocol), so Kafka keeps its
 * partitions for it until its session lapses.
 */
export function needsTakeover(a: ExecutedAction, sessionTimeoutMs: number, staticMembers = false): boolean {
  if (a.executedAt === undefined || a.error !== undefined || a.replica === undefined) return false;
  if (a.event.action === 'killReplica') return true;
  if (a.event.action === 'stopReplica') return staticMembers;
  return a.event.action === 'pauseReplica' && a.event.forS * 1000 > sessionTimeoutMs;
}

/** When another member first owned every partition the action's replica held; `group` sorted by time. */
export function takeoverOf(
  a: ExecutedAction,
  group: readonly GroupSample[],
  name: MemberName,
): { partitions: number[]; memberId: string | undefined; takenOverAt: number | null } {
  const at = a.executedAt ?? a.plannedAt;
  const before = group.filter((s) => s.at <= at && s.members.length > 0).at(-1);
  const member = before?.members.find((m) => name(m.memberId, m.clientId) === a.replica);
  if (!member || member.partitions.length === 0) return { partitions: [], memberId: member?.memberId, takenOverAt: null };
  const owned = (s: GroupSample, p: number) => s.members.some((m) => m.memberId !== member.memberId && m.partitions.includes(p));
  const seen = group.find((s) => s.at > at && member.partitions.every((p) => owned(s, p)));
  return { partitions: member.partitions, memberId: member.memberId, takenOverAt: seen?.at ?? null };
}

/** Every takeover the run watched for, from its group samples. */
export function takeovers(watches: readonly TakeoverWatch[], timeline: readonly ExecutedAction[], group: readonly GroupSample[], name: MemberName): Takeover[] {
  const sorted = [...group].sort((x, y) => x.at - y.at);
  return watches.flatMap((w) => {
    const a = timeline[w.action];
    if (!a || a.executedAt === undefined) return [];
    const { partitions, takenOverAt } = takeoverOf(a, sorted, name);
    // A member that held nothing leaves nothing to take over.
    if (partitions.length === 0) return [];
    return [
      {
        action: describeAction(a),
        replica: a.replica ?? '',
        at: a.executedAt,
        partitions,
        sessionTimeoutMs: w.sessionTimeoutMs,
        sessionTimeoutSource: w.sessionTimeoutSource,
        takenOverAt,
        takeoverMs: takenOverAt === null ? null : takenOverAt - a.executedAt,
      },
    ];
  });
}

/** `killReplica(replica-0) at 28 s: partitions [0] not taken over before the end (session timeout 45 s, ...)`. */
export function unseenTakeoverNote(t: Takeover, measureFrom: number): string {
  return `${t.action} at ${Math.round((t.at - measureFrom) / 1000)} s: partitions [${t.partitions.join(', ')}] not taken over before the end (session timeout ${t.sessionTimeoutMs / 1000} s, ${t.sessionTimeoutSource})`;
}
