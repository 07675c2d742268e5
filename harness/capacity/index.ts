export type * from './types.ts';
export { plan } from './plan.ts';
export { formatPlan, type PlanFormat } from './format.ts';
