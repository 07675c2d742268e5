import { PERCENTILE_DISTRIBUTION_HEADER, percentileDistribution, type Histogram } from '../../measure/histogram.ts';
import type { CsvValue } from './format.ts';

/** histograms/<cell>-<repeat>-{e2e,http}.csv: HdrHistogram's percentile distribution, values in ms. */
export const HISTOGRAM_COLUMNS = PERCENTILE_DISTRIBUTION_HEADER;

export function histogramRows(histogram: Histogram): CsvValue[][] {
  return percentileDistribution(histogram).map(([value, percentile, count, inverse]) => [
    value,
    percentile,
    count,
    Number.isFinite(inverse) ? inverse : 'Infinity',
  ]);
}
