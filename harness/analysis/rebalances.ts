import type { ExecutedAction } from '../results/raw.ts';
import type { GroupEvent, ProcessedOrder } from './journal.ts';
import { assignmentAt } from './phases.ts';

/**
 * One rebalance is one new generation of the group. It starts when the first member notices
 * (a REBALANCING event, or a join begins) and ends when the last member's join and sync
 * complete. The pause of a partition is the gap in its processing around that window: from the
 * last order processed on it before the new assignment took effect to the first one after.
 */
export interface Rebalance {
  generation: number;
  trigger: string;
  triggerAt: number | null;
  start: number;
  end: number;
  /** From the action to the first member noticing. */
  detectionMs: number | null;
  /** Longest join+sync a member reported for this generation (kafkajs GROUP_JOIN duration). */
  joinMs: number | null;
  partitions: PartitionPause[];
}

export interface PartitionPause {
  partition: number;
  ownerBefore: string;
  ownerAfter: string;
  /** null when the partition had nothing processed before (new) or nothing after. */
  pauseMs: number | null;
  /** From the end of the rebalance to the first order processed on the partition. */
  resumeMs: number | null;
}

export function findRebalances(
  events: readonly GroupEvent[],
  actions: readonly ExecutedAction[],
  deliveries: readonly ProcessedOrder[],
  since: number,
  /** Rebalances that start later belong to the teardown (replicas leaving), not to the run. */
  until = Number.POSITIVE_INFINITY,
): Rebalance[] {
  // A member's first assignment in a generation is its join; kafkajs may re-sync later in the
  // same generation (its own metadata refresh), which is not a group rebalance.
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
  const generations = [...joinsByGeneration.keys()].sort((a, b) => a - b);
  const replicas = [...new Set(events.map((e) => e.replica))];
  const byPartition = groupByPartition(deliveries);
  const rebalances: Rebalance[] = [];
  let previousEnd = Number.NEGATIVE_INFINITY;
  for (const generation of generations) {
    const joins = joinsByGeneration.get(generation)!;
    const end = Math.max(...joins.map((j) => j.at));
    const joinStarts = joins.map((j) => j.at - (j.durationMs ?? 0));
    const noticed = events.filter((e) => (e.type === 'revoked' || e.type === 'join') && e.at > previousEnd && e.at <= end).map((e) => e.at);
    const start = Math.min(...joinStarts, ...noticed);
    previousEnd = end;
    if (end < since || start >= until) continue;
    const action = [...actions].reverse().find((a) => a.executedAt !== undefined && a.executedAt <= start + 50);
    const triggerAt = action?.executedAt ?? null;
    const ownerAt = (p: number, t: number) => replicas.find((r) => assignmentAt(events, r, t).includes(p)) ?? '';
    const partitions = new Set<number>();
    for (const r of replicas) {
      for (const p of assignmentAt(events, r, Math.min(start, triggerAt ?? start) - 1)) partitions.add(p);
      for (const p of assignmentAt(events, r, end)) partitions.add(p);
    }
    rebalances.push({
      generation,
      trigger: action ? describeAction(action) : 'none',
      triggerAt,
      start,
      end,
      detectionMs: triggerAt === null ? null : Math.max(0, start - triggerAt),
      joinMs: joins.some((j) => j.durationMs !== null) ? Math.max(...joins.map((j) => j.durationMs ?? 0)) : null,
      partitions: [...partitions]
        .sort((a, b) => a - b)
        .map((partition) => {
          const times = byPartition.get(partition) ?? [];
          const after = firstAfter(times, end);
          return {
            partition,
            // Before the trigger: a stopped replica has already said goodbye by the time others notice.
            ownerBefore: ownerAt(partition, Math.min(start, triggerAt ?? start) - 1),
            ownerAfter: ownerAt(partition, end),
            pauseMs: longestGapAcross(times, start, end),
            resumeMs: after !== undefined ? after - end : null,
          };
        }),
    });
  }
  return rebalances;
}

export function describeAction(a: ExecutedAction): string {
  const e = a.event;
  switch (e.action) {
    case 'alterPartitions':
      return `alterPartitions(${e.partitions})`;
    case 'addReplica':
      return `addReplica(${a.replica ?? ''})`;
    case 'stopReplica':
      return `stopReplica(${a.replica ?? e.replica})`;
    case 'killReplica':
      return `killReplica(${a.replica ?? e.replica})`;
  }
}

function groupByPartition(deliveries: readonly ProcessedOrder[]): Map<number, number[]> {
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
