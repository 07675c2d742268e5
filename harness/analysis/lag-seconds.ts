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
      if (!heap) heaps.set(d.partition, (heap = new MinHeap()));
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

/** Highest lag in seconds over the window, sampled every stepMs, on any partition. */
export function maxLagSeconds(firstDeliveries: readonly ProcessedOrder[], from: number, to: number, stepMs = 100): number {
  const times: number[] = [];
  for (let t = from; t <= to; t += stepMs) times.push(t);
  let max = 0;
  for (const lag of lagSecondsSeries(firstDeliveries, times)) for (const v of lag.values()) max = Math.max(max, v);
  return max;
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
