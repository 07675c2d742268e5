export type * from './types.ts';
export { plan } from './plan.ts';
export { formatPlan, type PlanFormat } from './format.ts';
export { groupRate, measureCells, median, SATURATION_TOLERANCE } from './cells.ts';
export { perReplicaCapacity, scalingLines, NO_GAIN_PCT } from './capacity.ts';
