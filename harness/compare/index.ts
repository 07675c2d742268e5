export type * from './types.ts';
export { compare } from './compare.ts';
export { COMPARE_FORMATS, formatComparison, type CompareFormat } from './format.ts';
export { limitsFromFile, limitsFromFlags, mergeLimits, parseLimit } from './limits.ts';
export { CELL_CONFIG_COLUMNS, METRIC_NAMES, METRICS, isMetric, type Metric } from './metrics.ts';
export { MIN_REPEATS_FOR_NOISE, noiseBand, withinNoise } from './noise.ts';
export { spreadOf } from './spread.ts';
export { environmentDifferences, environmentOf, describeDifference, setupWarning, type Environment, type EnvironmentDifference } from './environment.ts';
