export type * from './types.ts';
export { plan } from './plan.ts';
export { formatPlan, type PlanFormat } from './format.ts';
export { planRun, isVariantsPlan } from './variants.ts';
