import type { AcceptedOrder } from '../model/load.ts';
import type { ProcessedOrder } from './journal.ts';

/**
 * Every order the service accepted (a 201 after the broker's ack) must be processed exactly
 * once. A duplicate is an order processed more than once (redelivery after a rebalance or a
 * kill before the commit); unprocessed is accepted and still waiting in the topic when the drain
 * timed out; lost is accepted, never processed and not in that backlog. Orders processed but never
 * acknowledged to the client (its request timed out) are counted apart: they are not lost.
 */
export interface Accounting {
  accepted: number;
  processed: number;
  processedOnce: number;
  duplicated: number;
  /** Deliveries beyond the first, over all duplicated orders. */
  extraDeliveries: number;
  /**
   * Accepted, not processed, and still in the topic when the cell ended: the drain timed out
   * with this much lag left. A backlog, not a loss.
   */
  unprocessed: number;
  /** Accepted, never processed, and not accounted for by the backlog left in the topic. */
  lost: number;
  processedNotAccepted: number;
  lostOrderIds: string[];
}

export function account(accepted: readonly AcceptedOrder[], processed: readonly ProcessedOrder[], lagLeft = 0): Accounting {
  const deliveries = new Map<string, number>();
  for (const p of processed) deliveries.set(p.orderId, (deliveries.get(p.orderId) ?? 0) + 1);
  const acceptedIds = new Set(accepted.map((a) => a.orderId));
  let processedCount = 0;
  let once = 0;
  let duplicated = 0;
  let extra = 0;
  const lost: string[] = [];
  for (const id of acceptedIds) {
    const n = deliveries.get(id) ?? 0;
    if (n === 0) lost.push(id);
    else {
      processedCount++;
      if (n === 1) once++;
      else {
        duplicated++;
        extra += n - 1;
      }
    }
  }
  let notAccepted = 0;
  for (const id of deliveries.keys()) if (!acceptedIds.has(id)) notAccepted++;
  // The topic is the cell's own, so every record left unconsumed is an order (one not
  // acknowledged to its client may be among them: the lag bounds the backlog from above).
  const unprocessed = Math.min(lost.length, Math.max(0, lagLeft));
  return {
    accepted: acceptedIds.size,
    processed: processedCount,
    processedOnce: once,
    duplicated,
    extraDeliveries: extra,
    unprocessed,
    lost: lost.length - unprocessed,
    processedNotAccepted: notAccepted,
    lostOrderIds: unprocessed === 0 ? lost.slice(0, 20) : [],
  };
}

/** The first processing of each order: what end-to-end latency and throughput count. */
export function firstDeliveries(processed: readonly ProcessedOrder[]): ProcessedOrder[] {
  const seen = new Set<string>();
  const first: ProcessedOrder[] = [];
  for (const p of [...processed].sort((a, b) => a.processedAt - b.processedAt)) {
    if (seen.has(p.orderId)) continue;
    seen.add(p.orderId);
    first.push(p);
  }
  return first;
}
