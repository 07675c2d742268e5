export { startLoad } from './generator.ts';
export { saturate } from './saturate.ts';
export {
  countAboveMs,
  decodeHistogram,
  mergeHistograms,
} from '../measure/histogram.ts';
export { errorTotal } from '../measure/counts.ts';
export { DEFAULT_MAX_SEND_DELAY_P99_MS, isGeneratorBound, sendDelayLimitMs } from '../measure/bound.ts';
export type { LoadResult } from '../model/load.ts';
