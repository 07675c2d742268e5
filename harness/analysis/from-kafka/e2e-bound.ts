import { createHistogram, recordMs, type Histogram } from '../../measure/histogram.ts';
import type { CommittedProgress } from './progress.ts';
import type { TapIndex } from './tap.ts';

export interface E2eUpperBound {
  histogram: Histogram;
  /**
   * Records appended in the measured window that no offset sample saw committed: they have no
   * commit time, so the percentiles leave them out. Said beside the percentiles, or a p99 of 1 s
   * would read as the whole story while hundreds of orders still waited at the drain's end.
   */
  uncommitted: number;
}

/**
 * Commit time minus record timestamp, for the records appended in the measured window: the first
 * offset sample that saw a record's offset committed comes after the consumer processed it, so
 * this bounds end-to-end latency from above (by up to the resolution).
 */
export function e2eUpperBound(progress: CommittedProgress, tap: TapIndex, window: { measureFrom: number; measureTo: number }): E2eUpperBound {
  const histogram = createHistogram();
  let uncommitted = 0;
  const inWindow = tap.records.filter((r) => r.t >= window.measureFrom && r.t < window.measureTo);
  const partitions = new Set(inWindow.map((r) => r.p));
  for (const p of partitions) {
    const list = progress.advances.get(p) ?? [];
    const records = inWindow.filter((r) => r.p === p).sort((a, b) => a.o - b.o);
    let k = 0;
    for (const [i, r] of records.entries()) {
      while (k < list.length && list[k]!.committed <= r.o) k++;
      if (k >= list.length) {
        uncommitted += records.length - i;
        break;
      }
      recordMs(histogram, Math.max(0, list[k]!.at - r.t));
    }
  }
  return { histogram, uncommitted };
}
