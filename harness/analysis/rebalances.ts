import type { ExecutedAction } from '../model/raw-cell.ts';
import type { GroupEvent, ProcessedOrder } from './journal.ts';
import { assignmentAt } from './phases.ts';
import { describeAction, specOf } from '../model/timeline/index.ts';

/**
 * One rebalance is one scaling event of the group: the rounds (generations under the classic
 * protocol, member epochs under KIP-848) that one cause set off. The eager protocol needs one
 * round; a cooperative one needs two (revoke, then assign); the consumer protocol reconciles
 * member by member at their heartbeats. A round starts when the first member notices (a
 * revoke, or a join begins) and ends when the last member of that generation has its assignment.
 */
export interface Rebalance {
  /** The first round's generation (or member epoch). */
  generation: number;
  rounds: Round[];
  trigger: string;
  triggerAt: number | null;
  start: number;
  end: number;
  /** From the action to the first member noticing. */
  detectionMs: number | null;
  /** Longest join+sync a member reported in any round (null where the client does not say). */
  joinMs: number | null;
  partitions: PartitionPause[];
}

export interface Round {
  generation: number;
  start: number;
  end: number;
}

/** A partition across a rebalance, from the orders the replicas processed (KafkaPartitionPause is the one from committed offsets). */
export interface PartitionPause {
  partition: number;
  ownerBefore: string;
  ownerAfter: string;
  /** The partition changed hands (a partition new to the group has no owner before). */
  moved: boolean;
  /**
   * The gap in the partition's processing across the rebalance. Moved: from its last order on
   * the old owner to the first on the new one. Kept: the longest gap overlapping the rebalance,
   * which an incremental protocol keeps near the normal gap between orders. null for a
   * partition with nothing processed before the rebalance (a new one) or nothing after.
   */
  pauseMs: number | null;
  /** From the end of the rebalance to the first order processed on the partition. */
  resumeMs: number | null;
  /** From the trigger to the first order processed on the partition after it (new partitions: how long until it is consumed). */
  firstOrderMs: number | null;
}

/**
 * How soon a round must follow the previous one to belong to the same scaling event: a
 * cooperative second round follows at once; a KIP-848 member picks up its share at its next
 * heartbeat, up to group.consumer.heartbeat.interval.ms (5 s by default, at most 15 s) later.
 * The Kafka-side analysis groups the coordinator's samples with the same bound
 * (from-kafka/partition-pauses.ts says where its rule differs from this one).
 */
export const FOLLOW_UP_WITH_TRIGGER_MS = 15_000;
/** Without a trigger (only before the first action runs: the replicas' own joins), rounds further apart are separate events. */
const FOLLOW_UP_MS = 2_000;

export function findRebalances(
  events: readonly GroupEvent[],
  actions: readonly ExecutedAction[],
  deliveries: readonly ProcessedOrder[],
  since: number,
  /** Rebalances that start later belong to the teardown (replicas leaving), not to the run. */
  until = Number.POSITIVE_INFINITY,
): Rebalance[] {
  const rounds = findRounds(events);
  const replicas = [...new Set(events.map((e) => e.replica))];
  const byPartition = groupByPartition(deliveries);
  // A change of the offered rate moves no partition: it is never a rebalance's cause.
  const triggerOf = (start: number) =>
    [...actions].reverse().find((a) => a.executedAt !== undefined && a.executedAt <= start + 50 && !specOf(a.event).changesLoad);

  // Rounds with the same cause are one scaling event.
  const grouped: { action: ExecutedAction | undefined; rounds: RoundWithJoins[] }[] = [];
  for (const round of rounds) {
    const action = triggerOf(round.start);
    const last = grouped.at(-1);
    const gap = last ? round.start - Math.max(...last.rounds.map((r) => r.end)) : Infinity;
    if (last && last.action === action && gap <= (action ? FOLLOW_UP_WITH_TRIGGER_MS : FOLLOW_UP_MS)) last.rounds.push(round);
    else grouped.push({ action, rounds: [round] });
  }

  const rebalances: Rebalance[] = [];
  for (const { action, rounds: own } of grouped) {
    const start = Math.min(...own.map((r) => r.start));
    const end = Math.max(...own.map((r) => r.end));
    if (end < since || start >= until) continue;
    const triggerAt = action?.executedAt ?? null;
    const before = Math.min(start, triggerAt ?? start) - 1;
    const ownerAt = (p: number, t: number) => replicas.find((r) => assignmentAt(events, r, t).includes(p)) ?? '';
    const partitions = new Set<number>();
    for (const r of replicas) {
      for (const p of assignmentAt(events, r, before)) partitions.add(p);
      for (const p of assignmentAt(events, r, end)) partitions.add(p);
    }
    const joins = own.flatMap((r) => r.joins);
    rebalances.push({
      generation: own[0]!.generation,
      rounds: own.map(({ generation, start: s, end: e }) => ({ generation, start: s, end: e })),
      trigger: action ? describeAction(action) : 'none',
      triggerAt,
      start,
      end,
      detectionMs: triggerAt === null ? null : Math.max(0, start - triggerAt),
      joinMs: joins.some((j) => j.durationMs !== null) ? Math.max(...joins.map((j) => j.durationMs ?? 0)) : null,
      partitions: [...partitions]
        .sort((a, b) => a - b)
        .map((partition) => {
          const ownerBefore = ownerAt(partition, before);
          const ownerAfter = ownerAt(partition, end);
          const times = byPartition.get(partition) ?? [];
          const after = firstAfter(times, end);
          const moved = ownerBefore !== ownerAfter;
          return {
            partition,
            ownerBefore,
            ownerAfter,
            moved,
            pauseMs:
              moved && ownerBefore !== '' && ownerAfter !== ''
                ? (handoffGap(deliveries, partition, ownerBefore, ownerAfter, start) ?? longestGapAcross(times, start, end))
                : longestGapAcross(times, start, end),
            resumeMs: after !== undefined ? after - end : null,
            firstOrderMs: triggerAt === null ? null : nullable(firstAfter(times, triggerAt), (t) => t - triggerAt),
          };
        }),
    });
  }
  return rebalances;
}

interface RoundWithJoins extends Round {
  joins: GroupEvent[];
}

/**
 * One round per generation: a member's first assignment in a generation is its join; kafkajs
 * may re-sync later in the same generation (its own metadata refresh), which is not a round.
 */
function findRounds(events: readonly GroupEvent[]): RoundWithJoins[] {
  const joinsByGeneration = new Map<number, GroupEvent[]>();
  const joined = new Set<string>();
  for (const e of events) {
    if (e.type !== 'assigned' || e.generationId === null) continue;
    const key = `${e.replica}|${e.generationId}`;
    if (joined.has(key)) continue;
    joined.add(key);
    const list = joinsByGeneration.get(e.generationId) ?? [];
    list.push(e);
    joinsByGeneration.set(e.generationId, list);
  }
  const rounds: RoundWithJoins[] = [];
  let previousEnd = Number.NEGATIVE_INFINITY;
  for (const generation of [...joinsByGeneration.keys()].sort((a, b) => a - b)) {
    const joins = joinsByGeneration.get(generation)!;
    const end = Math.max(...joins.map((j) => j.at));
    const joinStarts = joins.map((j) => j.at - (j.durationMs ?? 0));
    // A clean leave (`stop`) starts the broker's rebalance at once, like a member noticing; a
    // crash does not (the broker waits for the session timeout), so it is no start.
    const noticed = events
      .filter((e) => (e.type === 'revoked' || e.type === 'lost' || e.type === 'join' || e.type === 'stop') && e.at > previousEnd && e.at <= end)
      .map((e) => e.at);
    rounds.push({ generation, start: Math.min(...joinStarts, ...noticed), end, joins });
    previousEnd = end;
  }
  return rounds;
}

/** A moved partition: from its last order on the old owner to the first on the new one after the rebalance began. */
function handoffGap(deliveries: readonly ProcessedOrder[], partition: number, from: string, to: string, start: number): number | null {
  let first: number | undefined;
  for (const d of deliveries) {
    if (d.partition === partition && d.replica === to && d.processedAt >= start && (first === undefined || d.processedAt < first)) first = d.processedAt;
  }
  if (first === undefined) return null;
  let last: number | undefined;
  for (const d of deliveries) {
    if (d.partition === partition && d.replica === from && d.processedAt <= first && (last === undefined || d.processedAt > last)) last = d.processedAt;
  }
  return last === undefined ? null : first - last;
}

/** Each partition's processing times, sorted. */
export function groupByPartition(deliveries: readonly ProcessedOrder[]): Map<number, number[]> {
  const map = new Map<number, number[]>();
  for (const d of deliveries) {
    const list = map.get(d.partition) ?? [];
    list.push(d.processedAt);
    map.set(d.partition, list);
  }
  for (const list of map.values()) list.sort((a, b) => a - b);
  return map;
}

/**
 * The longest gap between consecutive processings that overlaps [start, end]. A member may
 * finish its in-flight batch after noticing, and the first new owner may start before the
 * last member completes its join, so the pause is found in the data, not assumed at the
 * window's edges. null for a partition with nothing processed before the rebalance (a new one).
 */
export function longestGapAcross(sorted: readonly number[], start: number, end: number): number | null {
  if (sorted.length === 0 || sorted[0]! >= start) return null;
  let longest: number | null = null;
  for (let i = 0; i + 1 < sorted.length; i++) {
    const a = sorted[i]!;
    const b = sorted[i + 1]!;
    if (a > end) break;
    if (b < start) continue;
    longest = Math.max(longest ?? 0, b - a);
  }
  return longest;
}

function firstAfter(sorted: readonly number[], t: number): number | undefined {
  return sorted.find((v) => v > t);
}

function nullable<T, U>(v: T | undefined, f: (v: T) => U): U | null {
  return v === undefined ? null : f(v);
}
