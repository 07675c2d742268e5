/**
 * Redelivery in a share group (pure). A share group's member acquires records under a lock and
 * acknowledges each; a record that is released, whose lock expires or whose member dies is
 * delivered again with a higher delivery count, which the member's journal line carries (`dc`).
 * A consumer group's member writes none: there every figure here is null.
 */
import type { ExecutedAction } from '../model/raw-cell.ts';
import type { ProcessedOrder } from './journal.ts';

export interface Redelivery {
  /** Records (partition and offset) processed with a delivery count above 1. */
  records: number;
  /** The highest delivery count any processed record carried. */
  deliveryCountMax: number;
}

/** Null when no journal line carries a delivery count (no share-group member wrote them). */
export function redelivery(deliveries: readonly ProcessedOrder[]): Redelivery | null {
  let counted = false;
  let max = 0;
  const again = new Set<string>();
  for (const d of deliveries) {
    if (d.deliveryCount === undefined) continue;
    counted = true;
    max = Math.max(max, d.deliveryCount);
    if (d.deliveryCount > 1) again.add(`${d.partition}/${d.offset}`);
  }
  return counted ? { records: again.size, deliveryCountMax: max } : null;
}

export interface KillRedelivery {
  /** The killed replica's records that came back: processed by another replica, delivery count above 1, in the kill's window. */
  records: number;
  /** From the kill until the last of them was processed; null when none came back (the member held nothing unacknowledged). */
  delayMs: number | null;
}

/**
 * After `kill` (executed at `from`, its window ending at `to`): the records delivered again to the
 * members that stayed. Which records the dead member held is known to the broker only; a record
 * processed again by a survivor inside the window with a delivery count above 1 is taken as one of
 * them (a lock that expired for another reason in the same window would count too). The broker
 * releases them when the dead member's connection closes, or at the latest when their lock
 * (`share.record.lock.duration.ms`) expires.
 */
export function killRedelivery(kill: Pick<ExecutedAction, 'replica'>, from: number, to: number, deliveries: readonly ProcessedOrder[]): KillRedelivery | null {
  if (!deliveries.some((d) => d.deliveryCount !== undefined)) return null;
  const back = deliveries.filter((d) => d.replica !== kill.replica && (d.deliveryCount ?? 1) > 1 && d.processedAt >= from && d.processedAt < to);
  if (back.length === 0) return { records: 0, delayMs: null };
  return { records: new Set(back.map((d) => `${d.partition}/${d.offset}`)).size, delayMs: Math.max(...back.map((d) => d.processedAt)) - from };
}
