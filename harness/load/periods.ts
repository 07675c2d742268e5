import { appendAccepted, type AcceptedBatch } from './accepted-batch.ts';
import { addCounts, emptyCounts } from '../measure/counts.ts';
import { createHistogram, decodeHistogram, snapshot, type Histogram } from '../measure/histogram.ts';
import type { WorkerPeriod } from './protocol.ts';
import type { AcceptedOrder, PeriodStats, RequestCounts } from '../model/load.ts';

interface MergingPeriod {
  counts: RequestCounts;
  latency: Histogram;
  reports: number;
  merged: PeriodStats | undefined;
}

/**
 * Merges the workers' per-second reports. Each worker reports its seconds in order, so a second
 * is complete once every worker has reported it; complete seconds are handed out in order as
 * they arrive, for progress display, and whatever is left at the end is completed by finish().
 *
 * Accepted orders stay in the workers' columns until finish(): turning 30k of them a second
 * into objects on the main thread took 3-11 ms each second, plus the collections of a heap that
 * grows all run, and that burst at every second's boundary stalled the load worker sharing the
 * cores (generator at 30k req/s: send delay p99 4.9-7.1 ms with it, 2.5-5.5 ms without).
 */
export class PeriodMerger {
  private readonly periods = new Map<number, MergingPeriod>();
  /** The workers' chunks of accepted orders as they arrived, kept as columns until finish(). */
  private readonly accepted: AcceptedBatch[] = [];
  private nextToEmit = 0;

  constructor(
    private readonly startAt: number,
    private readonly workers: number,
  ) {}

  /** Adds one worker's report; returns the seconds this completed, in order. */
  add(report: WorkerPeriod): PeriodStats[] {
    let period = this.periods.get(report.index);
    if (!period) {
      period = { counts: emptyCounts(), latency: createHistogram(), reports: 0, merged: undefined };
      this.periods.set(report.index, period);
    }
    addCounts(period.counts, report);
    this.addAccepted(report.accepted);
    period.latency.add(decodeHistogram(report.latency));
    period.reports++;
    const ready: PeriodStats[] = [];
    for (let p = this.periods.get(this.nextToEmit); p && p.reports >= this.workers; p = this.periods.get(this.nextToEmit)) {
      ready.push(this.merge(this.nextToEmit++, p));
    }
    return ready;
  }

  /** Accepted orders that came outside a period report (a worker's final summary). */
  addAccepted(batches: readonly AcceptedBatch[]): void {
    for (const batch of batches) this.accepted.push(batch);
  }

  /**
   * Seconds never completed by every worker (a run cut short), then every second in order, and
   * every accepted order: each worker's in the order they completed, the workers' chunks in the
   * order they arrived.
   */
  finish(): { late: PeriodStats[]; all: PeriodStats[]; accepted: AcceptedOrder[] } {
    const indexes = [...this.periods.keys()].sort((a, b) => a - b);
    const late: PeriodStats[] = [];
    for (const index of indexes) {
      const period = this.periods.get(index) as MergingPeriod;
      if (!period.merged) late.push(this.merge(index, period));
    }
    this.nextToEmit = (indexes.at(-1) ?? -1) + 1;
    const accepted: AcceptedOrder[] = [];
    for (const batch of this.accepted) appendAccepted(accepted, batch);
    return { late, all: indexes.map((i) => (this.periods.get(i) as MergingPeriod).merged as PeriodStats), accepted };
  }

  private merge(index: number, period: MergingPeriod): PeriodStats {
    period.merged = {
      index,
      startAt: this.startAt + index * 1000,
      ...period.counts,
      latency: snapshot(period.latency),
    };
    return period.merged;
  }
}
