import * as hdr from 'hdr-histogram-js';
import type { HistogramSnapshot } from '../model/load.ts';

/**
 * Latency histograms. Values are recorded as integer microseconds with 3 significant digits
 * (0.1% relative error), so a 20 ms latency is told apart to 20 µs while an hour still fits;
 * the public API speaks milliseconds. Histograms auto-resize, so any two merge without loss.
 * The plain JS implementation is used: WebAssembly histograms need explicit destroy().
 */
export type Histogram = hdr.Histogram;

const US_PER_MS = 1000;
const BIT_BUCKET_SIZE = 32;

export function createHistogram(): Histogram {
  return hdr.build({
    bitBucketSize: BIT_BUCKET_SIZE,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 2,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });
}

export function recordMs(histogram: Histogram, ms: number): void {
  histogram.recordValue(Math.max(0, Math.round(ms * US_PER_MS)));
}

export function encodeHistogram(histogram: Histogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}

export function decodeHistogram(encoded: string): Histogram {
  return hdr.decodeFromCompressedBase64(encoded, BIT_BUCKET_SIZE, false);
}

/** Sum of histograms; takes encoded ones (from workers) or live ones. */
export function mergeHistograms(parts: Iterable<string | Histogram>): Histogram {
  const merged = createHistogram();
  for (const part of parts) merged.add(typeof part === 'string' ? decodeHistogram(part) : part);
  return merged;
}

export function percentileMs(histogram: Histogram, percentile: number): number {
  return histogram.totalCount === 0 ? 0 : histogram.getValueAtPercentile(percentile) / US_PER_MS;
}

export function snapshot(histogram: Histogram): HistogramSnapshot {
  const empty = histogram.totalCount === 0;
  return {
    count: histogram.totalCount,
    minMs: percentileMs(histogram, 0),
    meanMs: empty ? 0 : histogram.mean / US_PER_MS,
    p50Ms: percentileMs(histogram, 50),
    p90Ms: percentileMs(histogram, 90),
    p99Ms: percentileMs(histogram, 99),
    p999Ms: percentileMs(histogram, 99.9),
    maxMs: empty ? 0 : histogram.maxValue / US_PER_MS,
    encoded: encodeHistogram(histogram),
  };
}

/** Samples above `ms` (to the histogram's 0.1% resolution). */
export function countAboveMs(histogram: Histogram, ms: number): number {
  const js = histogram as hdr.JsHistogram;
  const threshold = ms * US_PER_MS;
  let count = 0;
  const values = js.recordedValuesIterator;
  values.reset();
  while (values.hasNext()) {
    const step = values.next();
    if (js.lowestEquivalentValue(step.valueIteratedTo) > threshold) count += step.countAtValueIteratedTo;
  }
  return count;
}

/** Columns of HdrHistogram's percentile-distribution CSV (as HistogramLogAnalyzer reads it). */
export const PERCENTILE_DISTRIBUTION_HEADER = ['Value', 'Percentile', 'TotalCount', '1/(1-Percentile)'] as const;

/** One CSV row: value in ms, percentile in [0, 1], cumulative count, 1/(1-percentile) (Infinity last). */
export type PercentileDistributionRow = readonly [valueMs: number, percentile: number, totalCount: number, inverse: number];

/**
 * The percentile distribution HdrHistogram prints (`outputPercentileDistribution`), as rows,
 * values in milliseconds. Parsing its own CSV keeps the ticks and rounding identical to it.
 */
export function percentileDistribution(histogram: Histogram, ticksPerHalfDistance = 5): PercentileDistributionRow[] {
  if (histogram.totalCount === 0) return [];
  const csv = (histogram as hdr.JsHistogram).outputPercentileDistribution(ticksPerHalfDistance, US_PER_MS, true);
  return csv
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [value = '', percentile = '', totalCount = '', inverse = ''] = line.split(',');
      return [Number(value), Number(percentile), Number(totalCount), Number(inverse)] as const;
    });
}

export const emptySnapshot = (): HistogramSnapshot => snapshot(createHistogram());
