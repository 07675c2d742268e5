import type { TapRecord } from '../model/kafka-observation.ts';
import type { AcceptedOrder } from '../model/load.ts';

/** An accepted order no journal processed: where the tap found it in the topic, if it did. */
export interface LostOrder {
  orderId: string;
  /** When the order service accepted it, ms from the cell's measurement start (negative: in the warm-up). */
  acceptedAtMs: number;
  /** null: the tap did not find it in the topic (the broker lost an acknowledged write). */
  partition: number | null;
  offset: number | null;
}

/** The lost orders (Accounting.lostOrderIds) followed into the topic, so a loss can be told from a backlog or a lost write. */
export function lostOrders(ids: readonly string[], accepted: readonly AcceptedOrder[], tap: readonly TapRecord[], measureFrom: number): LostOrder[] {
  if (ids.length === 0) return [];
  const wanted = new Set(ids);
  const where = new Map<string, TapRecord>();
  for (const r of tap) if (r.id !== undefined && wanted.has(r.id) && !where.has(r.id)) where.set(r.id, r);
  const at = new Map(accepted.filter((a) => wanted.has(a.orderId)).map((a) => [a.orderId, a.createdAt]));
  return ids.map((orderId) => {
    const r = where.get(orderId);
    return { orderId, acceptedAtMs: (at.get(orderId) ?? measureFrom) - measureFrom, partition: r?.p ?? null, offset: r?.o ?? null };
  });
}
