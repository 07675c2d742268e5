import type { ProcessedOrder } from './journal.ts';

/**
 * Consumer lag in seconds: at time t, the age of the oldest order on a partition that was
 * created by t and not yet processed by t (0 when nothing waits). Computed after the run from
 * the journals, where every order's creation and processing times are exact, rather than
 * sampled live. Orders never processed are not seen here; accounting reports them as lost.
 *
 * One pass over the orders for all sample times, ascending: per partition a min-heap of the
 * orders created so far, by creation time; an order processed by t can never wait again at a
 * later t, so it is dropped when it surfaces. O((orders + samples) log orders).
 */
export function lagSecondsSeries(firstDeliveries: readonly ProcessedOrder[], times: readonly number[]): Map<number, number>[] {
  const byCreation = [...firstDeliveries].sort((a, b) => a.createdAt - b.createdAt);
  const heaps = new Map<number, MinHeap>();
  const series: Map<number, number>[] = [];
  let next = 0;
  for (const t of times) {
    while (next < byCreation.length && byCreation[next]!.createdAt <= t) {
      const d = byCreation[next++]!;
      let heap = heaps.get(d.partition);
      if (!heap) {
        heap = new MinHeap();
        heaps.set(d.partition, heap);
      }
      heap.push(d);
    }
    const lag = new Map<number, number>();
    for (const [partition, heap] of heaps) {
      while (heap.size > 0 && heap.peek()!.processedAt <= t) heap.pop();
      const oldest = heap.peek();
      if (oldest) lag.set(partition, (t - oldest.createdAt) / 1000);
    }
    series.push(lag);
  }
  return series;
}

export function lagSecondsAt(firstDeliveries: readonly ProcessedOrder[], t: number): Map<number, number> {
  return lagSecondsSeries(firstDeliveries, [t])[0]!;
}

/**
 * Per partition, the highest lag in seconds within each window (end - stepMs, end], exactly:
 * within a window the lag rises with t and drops only when its oldest order is processed, so its
 * highest value is either the lag at the window's end or, for an order processed inside the
 * window, how long that order waited (processedAt - createdAt). A point sample per window would
 * miss a partition that lagged for half a second and caught up before the sample (the
 * disagreement between summary.csv's `lag_max_seconds` and timeseries.csv this replaces).
 * The series and the summary's maximum both come from here, so they agree.
 */
export function lagSecondsPerWindow(firstDeliveries: readonly ProcessedOrder[], firstEnd: number, stepMs: number, count: number): Map<number, number>[] {
  const ends = Array.from({ length: count }, (_, i) => firstEnd + i * stepMs);
  const windows = lagSecondsSeries(firstDeliveries, ends);
  for (const d of firstDeliveries) {
    const i = Math.ceil((d.processedAt - firstEnd) / stepMs);
    const window = windows[i];
    if (window === undefined) continue;
    const waited = (d.processedAt - d.createdAt) / 1000;
    if (waited > (window.get(d.partition) ?? 0)) window.set(d.partition, waited);
  }
  return windows;
}

/** Orders by creation time, oldest on top. */
class MinHeap {
  private readonly items: ProcessedOrder[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): ProcessedOrder | undefined {
    return this.items[0];
  }

  push(item: ProcessedOrder): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent]!.createdAt <= a[i]!.createdAt) break;
      [a[parent], a[i]] = [a[i]!, a[parent]!];
      i = parent;
    }
  }

  pop(): void {
    const a = this.items;
    const last = a.pop()!;
    if (a.length === 0) return;
    a[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let smallest = i;
      if (l < a.length && a[l]!.createdAt < a[smallest]!.createdAt) smallest = l;
      if (r < a.length && a[r]!.createdAt < a[smallest]!.createdAt) smallest = r;
      if (smallest === i) return;
      [a[smallest], a[i]] = [a[i]!, a[smallest]!];
      i = smallest;
    }
  }
}
