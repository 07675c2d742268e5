/**
 * How soon an added replica works (pure): from `addReplica`'s execution to the first order the new
 * replica processed. In a consumer group a replica beyond the partition count gets nothing; in a
 * share group it joins the partitions the others already consume, without any topic change.
 */
import type { ExecutedAction } from '../model/raw-cell.ts';
import type { ProcessedOrder } from './journal.ts';

export interface AddedReplica {
  replica: string;
  at: number;
  /** From the action to the replica's first processed order; null when it processed none before the run ended. */
  firstRecordMs: number | null;
}

export function addedReplicas(timeline: readonly ExecutedAction[], deliveries: readonly ProcessedOrder[]): AddedReplica[] {
  return timeline.flatMap((a) => {
    if (a.event.action !== 'addReplica' || a.executedAt === undefined || a.error !== undefined || a.replica === undefined) return [];
    const at = a.executedAt;
    const firsts = deliveries.filter((d) => d.replica === a.replica && d.processedAt >= at).map((d) => d.processedAt);
    return [{ replica: a.replica, at, firstRecordMs: firsts.length > 0 ? Math.min(...firsts) - at : null }];
  });
}
