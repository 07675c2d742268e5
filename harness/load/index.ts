export { startLoad } from './generator.ts';
export { saturate, type SaturationOptions, type SaturationResult } from './saturate.ts';
export { LOAD_PLAN_DEFAULTS, resolveLoadPlan, validateLoadPlan, type LoadPlanInput } from './plan.ts';
export {
  countAboveMs,
  decodeHistogram,
  mergeHistograms,
  percentileDistribution,
  percentileMs,
  PERCENTILE_DISTRIBUTION_HEADER,
  snapshot,
  type Histogram,
  type PercentileDistributionRow,
} from '../measure/histogram.ts';
export { errorTotal } from '../measure/counts.ts';
export { DEFAULT_MAX_SEND_DELAY_P99_MS, isGeneratorBound, sendDelayLimitMs } from '../measure/bound.ts';
export type {
  AcceptedOrder,
  Arrival,
  ErrorClass,
  HistogramSnapshot,
  LoadPlan,
  LoadResult,
  PayloadSpec,
  PeriodStats,
  RequestCounts,
} from '../model/load.ts';
export type { LoadRun } from './generator.ts';
