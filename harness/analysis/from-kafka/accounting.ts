import type { KafkaObservation, TapRecord } from '../../model/kafka-observation.ts';
import type { AcceptedOrder } from '../../model/load.ts';
import type { LagSample } from '../../model/samples.ts';
import { consumedTo } from './progress.ts';
import type { TapIndex } from './tap.ts';

/** Every accepted order followed into the topic and past the group's committed offset. */
export interface KafkaAccounting {
  accepted: number;
  /** Accepted orders whose id the tap found in the topic. */
  inTopic: number;
  inTopicTwice: number;
  missingFromTopic: number;
  /** In the topic and below the group's committed offset at the end. */
  committed: number;
  uncommitted: number;
  /**
   * From the stock URLs: the decrements of every replica, in orders (÷ qty), minus the orders
   * committed; null (not measured) without stock URLs or when a replica's stock could not be
   * read at the end (a killed replica's memory is gone).
   */
  stockDecrements: number | null;
  duplicatedDecrements: number | null;
}

/**
 * null where it cannot be traced: no load, no tap, or orders accepted without an id (an HTTP
 * endpoint that answers none).
 */
export function kafkaAccounting(
  accepted: readonly AcceptedOrder[] | null,
  tap: TapIndex,
  offsets: readonly LagSample[],
  stock: KafkaObservation['stock'],
  qty: number,
): KafkaAccounting | null {
  if (!accepted || tap.records.length === 0 || !accepted.every((a) => a.orderId !== '')) return null;
  const finalCommitted = new Map<number, number>();
  for (const s of offsets)
    for (const p of s.partitions) {
      const consumed = consumedTo(p);
      if (consumed !== null) finalCommitted.set(p.partition, Math.max(finalCommitted.get(p.partition) ?? 0, consumed));
    }
  const isCommitted = (r: TapRecord) => r.o < (finalCommitted.get(r.p) ?? 0);
  const byId = new Map<string, TapRecord[]>();
  for (const r of tap.records) if (r.id !== undefined) (byId.get(r.id) ?? byId.set(r.id, []).get(r.id)!).push(r);
  let inTopic = 0;
  let twice = 0;
  let committed = 0;
  for (const a of accepted) {
    const found = byId.get(a.orderId);
    if (!found) continue;
    inTopic++;
    if (found.length > 1) twice++;
    if (found.every(isCommitted)) committed++;
  }
  // Every record committed, warm-up included, is an order the replicas decremented stock for.
  const readings = stock ?? [];
  const readable = readings.length > 0 && readings.every((s) => s.after !== null);
  const byUrl = new Map(readings.map((s) => [s.url, s]));
  const decremented = readable ? [...byUrl.values()].reduce((n, s) => n + (s.before - s.after!), 0) / qty : null;
  const committedRecords = tap.records.filter(isCommitted).length;
  return {
    accepted: accepted.length,
    inTopic,
    inTopicTwice: twice,
    missingFromTopic: accepted.length - inTopic,
    committed,
    uncommitted: inTopic - committed,
    stockDecrements: decremented,
    duplicatedDecrements: decremented === null ? null : decremented - committedRecords,
  };
}
