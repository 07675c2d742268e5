import { createHistogram, recordMs, type Histogram } from '../../measure/histogram.ts';
import type { CommittedProgress } from './progress.ts';
import type { TapIndex } from './tap.ts';

/**
 * Commit time minus record timestamp, for the records appended in the measured window: the first
 * offset sample that saw a record's offset committed comes after the consumer processed it, so
 * this bounds end-to-end latency from above (by up to the resolution).
 */
export function e2eUpperBound(progress: CommittedProgress, tap: TapIndex, window: { measureFrom: number; measureTo: number }): Histogram {
  const e2eUpper = createHistogram();
  for (const p of progress.partitions) {
    const list = progress.advances.get(p)!;
    const records = tap.records.filter((r) => r.p === p && r.t >= window.measureFrom && r.t < window.measureTo).sort((a, b) => a.o - b.o);
    let k = 0;
    for (const r of records) {
      while (k < list.length && list[k]!.committed <= r.o) k++;
      if (k >= list.length) break;
      recordMs(e2eUpper, Math.max(0, list[k]!.at - r.t));
    }
  }
  return e2eUpper;
}
