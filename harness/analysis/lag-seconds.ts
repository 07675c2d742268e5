import type { ProcessedOrder } from './journal.ts';

/**
 * Consumer lag in seconds: at time t, the age of the oldest order on a partition that was
 * created by t and not yet processed by t (0 when nothing waits). Computed after the run from
 * the journals, where every order's creation and processing times are exact, rather than
 * sampled live. Orders never processed are not seen here; accounting reports them as lost.
 */
export function lagSecondsAt(firstDeliveries: readonly ProcessedOrder[], t: number): Map<number, number> {
  const oldest = new Map<number, number>();
  for (const d of firstDeliveries) {
    if (d.createdAt > t || d.processedAt <= t) continue;
    const current = oldest.get(d.partition);
    if (current === undefined || d.createdAt < current) oldest.set(d.partition, d.createdAt);
  }
  const lag = new Map<number, number>();
  for (const [partition, createdAt] of oldest) lag.set(partition, (t - createdAt) / 1000);
  return lag;
}

/** Highest lag in seconds over the window, sampled every stepMs, on any partition. */
export function maxLagSeconds(firstDeliveries: readonly ProcessedOrder[], from: number, to: number, stepMs = 100): number {
  let max = 0;
  for (let t = from; t <= to; t += stepMs) {
    for (const v of lagSecondsAt(firstDeliveries, t).values()) max = Math.max(max, v);
  }
  return max;
}
