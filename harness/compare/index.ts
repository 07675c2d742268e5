export type * from './types.ts';
export { compare } from './compare.ts';
export { COMPARE_FORMATS, formatComparison, type CompareFormat } from './format.ts';
export { limitsFromFile, limitsFromFlags, mergeLimits } from './limits.ts';
export { noiseBand } from './noise.ts';
export { spreadOf } from './spread.ts';
