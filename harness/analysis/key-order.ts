/**
 * Order per key (pure). Within a partition a consumer group's member processes records in offset
 * order, so the orders of one key (one partition) are processed in the order they were produced.
 * A share group gives up that guarantee: the members of the group acquire batches of one
 * partition side by side, and a record released (a member killed, a lock expired) comes back
 * after later ones. A violation is an order first processed before an order of the same key that
 * was produced earlier into the same partition (a lower offset) and had not been processed yet.
 */
import type { MessageKey } from '../model/scenario.ts';
import type { ProcessedOrder } from './journal.ts';

export interface KeyOrder {
  /** Orders first processed while an earlier order of their key (same partition, lower offset) was still unprocessed. */
  violations: number;
  /** Keys with at least two orders in one partition: the keys that could be out of order. */
  keys: number;
  /** Of those, the keys with at least one violation. */
  keysAffected: number;
}

/**
 * From each order's first processing (`first`, one per order). Null when the run had no key (the
 * partitioner spreads orders, so no order per key was ever promised) or a key that is unique
 * per order (`orderId`: nothing to reorder).
 */
export function keyOrder(first: readonly ProcessedOrder[], key: MessageKey): KeyOrder | null {
  if (key !== 'productId') return null;
  const byKey = new Map<string, ProcessedOrder[]>();
  for (const o of first) {
    const k = `${o.partition}/${o.productId}`;
    const list = byKey.get(k);
    if (list) list.push(o);
    else byKey.set(k, [o]);
  }
  let violations = 0;
  const keys = new Set<number>();
  const affected = new Set<number>();
  for (const orders of byKey.values()) {
    if (orders.length < 2) continue;
    keys.add(orders[0]!.productId);
    orders.sort((a, b) => a.offset - b.offset);
    // An order processed before the latest processing of the orders produced ahead of it.
    let latest = Number.NEGATIVE_INFINITY;
    for (const o of orders) {
      if (o.processedAt < latest) {
        violations++;
        affected.add(o.productId);
      }
      latest = Math.max(latest, o.processedAt);
    }
  }
  return { violations, keys: keys.size, keysAffected: affected.size };
}
