import { addCounts, emptyCounts } from '../measure/counts.ts';
import { mergeHistograms, snapshot } from '../measure/histogram.ts';
import type { LoadResult, PeriodStats } from '../model/load.ts';

/**
 * One cell's load from the results of the processes that carried its segments (one per
 * machine): counters add, histograms merge without loss (percentiles come from the merged
 * histogram, never from averaging), seconds merge by index, and the rates add because every
 * segment runs the same window of the same schedule.
 */
export function mergeLoadResults(parts: readonly LoadResult[]): LoadResult {
  const first = parts[0];
  if (!first) throw new Error('mergeLoadResults: no results to merge');
  const measuredS = Math.max(...parts.map((p) => p.measuredS));
  const periods = new Map<number, { stats: PeriodStats; latency: string[] }>();
  for (const part of parts) {
    for (const p of part.periods) {
      const merged = periods.get(p.index) ?? { stats: emptyCountsPeriod(p), latency: [] };
      addCounts(merged.stats, p);
      merged.latency.push(p.latency.encoded);
      periods.set(p.index, merged);
    }
  }
  return {
    mode: 'open-loop',
    plan: { ...first.plan, segment: { index: 0, count: 1 } },
    targetRate: parts.reduce((n, p) => n + p.targetRate, 0),
    // Each part's rate is its completed requests over its window; over the common window they add.
    achievedRate: measuredS > 0 ? parts.reduce((n, p) => n + p.achievedRate * p.measuredS, 0) / measuredS : 0,
    measuredS,
    measured: parts.reduce((sum, p) => addCounts(sum, p.measured), emptyCounts()),
    total: parts.reduce((sum, p) => addCounts(sum, p.total), emptyCounts()),
    latency: snapshot(mergeHistograms(parts.map((p) => p.latency.encoded))),
    serviceTime: snapshot(mergeHistograms(parts.map((p) => p.serviceTime.encoded))),
    sendDelay: snapshot(mergeHistograms(parts.map((p) => p.sendDelay.encoded))),
    accepted: parts.flatMap((p) => p.accepted),
    periods: [...periods.keys()]
      .sort((a, b) => a - b)
      .map((index) => {
        const { stats, latency } = periods.get(index)!;
        return { ...stats, latency: snapshot(mergeHistograms(latency)) };
      }),
    stoppedEarly: parts.some((p) => p.stoppedEarly),
  };
}

function emptyCountsPeriod(p: PeriodStats): PeriodStats {
  return { index: p.index, startAt: p.startAt, ...emptyCounts(), latency: p.latency };
}
