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
} from './histogram.ts';
export { errorTotal } from './counts.ts';
export { DEFAULT_MAX_SEND_DELAY_P99_MS, isGeneratorBound, sendDelayLimitMs } from './bound.ts';
export type {
  AcceptedOrder,
  Arrival,
  ErrorClass,
  HistogramSnapshot,
  LoadPlan,
  LoadResult,
  LoadRun,
  PayloadSpec,
  PeriodStats,
  RequestCounts,
} from './types.ts';
