import { appendAccepted } from './accepted-batch.ts';
import { addCounts, emptyCounts } from './counts.ts';
import { createHistogram, decodeHistogram, snapshot, type Histogram } from './histogram.ts';
import type { WorkerPeriod } from './protocol.ts';
import type { PeriodStats, RequestCounts } from './types.ts';

interface MergingPeriod {
  counts: RequestCounts;
  accepted: PeriodStats['accepted'];
  latency: Histogram;
  reports: number;
  merged: PeriodStats | undefined;
}

/**
 * Merges the workers' per-second reports. Each worker reports its seconds in order, so a second
 * is complete once every worker has reported it; complete seconds are handed out in order as
 * they arrive, for progress display, and whatever is left at the end is completed by finish().
 */
export class PeriodMerger {
  private readonly periods = new Map<number, MergingPeriod>();
  private nextToEmit = 0;

  constructor(
    private readonly startAt: number,
    private readonly workers: number,
  ) {}

  /** Adds one worker's report; returns the seconds this completed, in order. */
  add(report: WorkerPeriod): PeriodStats[] {
    let period = this.periods.get(report.index);
    if (!period) {
      period = { counts: emptyCounts(), accepted: [], latency: createHistogram(), reports: 0, merged: undefined };
      this.periods.set(report.index, period);
    }
    addCounts(period.counts, report);
    appendAccepted(period.accepted, report.accepted);
    period.latency.add(decodeHistogram(report.latency));
    period.reports++;
    const ready: PeriodStats[] = [];
    for (let p = this.periods.get(this.nextToEmit); p && p.reports >= this.workers; p = this.periods.get(this.nextToEmit)) {
      ready.push(this.merge(this.nextToEmit++, p));
    }
    return ready;
  }

  /** Seconds never completed by every worker (a run cut short), then every second in order. */
  finish(): { late: PeriodStats[]; all: PeriodStats[] } {
    const indexes = [...this.periods.keys()].sort((a, b) => a - b);
    const late: PeriodStats[] = [];
    for (const index of indexes) {
      const period = this.periods.get(index) as MergingPeriod;
      if (!period.merged) late.push(this.merge(index, period));
    }
    this.nextToEmit = (indexes.at(-1) ?? -1) + 1;
    return { late, all: indexes.map((i) => (this.periods.get(i) as MergingPeriod).merged as PeriodStats) };
  }

  private merge(index: number, period: MergingPeriod): PeriodStats {
    period.merged = {
      index,
      startAt: this.startAt + index * 1000,
      ...period.counts,
      accepted: period.accepted,
      latency: snapshot(period.latency),
    };
    return period.merged;
  }
}
