import { HarnessError } from '../model/errors.ts';
import type { ConsumerRow } from '../results/read.ts';
import { median } from './cells.ts';
import type { MeasuredCell, PerReplicaCapacity, ScalingLine } from './types.ts';

/**
 * What one replica sustains: the median throughput of the replicas that owned partitions in
 * saturated cells, where every such replica had more work than it could do. Without a saturated
 * cell the sweep only shows a floor: the best processed rate per active replica anywhere.
 */
export function perReplicaCapacity(cells: readonly MeasuredCell[], consumers: readonly ConsumerRow[], perMessageMs: number | null): PerReplicaCapacity {
  const theoretical = perMessageMs && perMessageMs > 0 ? 1000 / perMessageMs : null;
  const saturated = new Set(cells.filter((c) => c.saturated).map((c) => c.cell));
  const rows = consumers.filter((c) => saturated.has(c.cell) && c.alive && c.partitions.length > 0);
  if (rows.length > 0) return { value: median(rows.map((r) => r.throughputPerS))!, basis: 'saturated', rows, theoretical };
  const best = cells.filter((c) => c.active > 0).sort((a, b) => b.processed / b.active - a.processed / a.active)[0];
  if (!best) throw new HarnessError('PLAN_INVALID', 'no cell had a replica that owned a partition: the sweep measured no consumption');
  return {
    value: best.processed / best.active,
    basis: 'lower-bound',
    rows: consumers.filter((c) => c.cell === best.cell && c.partitions.length > 0),
    theoretical,
  };
}

/** A gain below this (in %) counts as "adding replicas did not help". */
export const NO_GAIN_PCT = 5;

/** Processed throughput against replicas, one line per partition count. */
export function scalingLines(cells: readonly MeasuredCell[]): ScalingLine[] {
  const partitionCounts = [...new Set(cells.map((c) => c.partitions))].sort((a, b) => a - b);
  return partitionCounts.map((partitions) => {
    const line = cells.filter((c) => c.partitions === partitions).sort((a, b) => a.replicas - b.replicas);
    const points = line.map((c, i) => {
      const previous = line[i - 1];
      return {
        replicas: c.replicas,
        processed: c.processed,
        gainPct: previous && previous.processed > 0 ? ((c.processed - previous.processed) / previous.processed) * 100 : null,
        idle: c.idle,
        saturated: c.saturated,
      };
    });
    // It stopped helping when a step added idle replicas and no throughput while the group was
    // still behind; a step that absorbed the whole offered rate says nothing about the ceiling.
    const stop = points.find((p, i) => i > 0 && p.gainPct !== null && p.gainPct < NO_GAIN_PCT && p.idle > 0 && points[i - 1]!.saturated);
    const stopIndex = stop ? points.indexOf(stop) : -1;
    return { partitions, points, stopsHelpingAfter: stopIndex > 0 ? points[stopIndex - 1]!.replicas : null };
  });
}
