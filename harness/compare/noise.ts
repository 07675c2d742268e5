import type { Spread } from './types.ts';

/**
 * When a crossed relative limit is called "within noise" instead of a regression.
 *
 * The rule: both sides have at least two repeats, and the candidate's median lies inside the
 * baseline's own range [min, max] widened on each side by half the candidate's range
 * (max - min) / 2. The baseline's range is what the unchanged code did from run to run; half
 * the candidate's range is how far its median may sit from where its runs really centre. A
 * median outside that band moved more than either side's runs disagree among themselves.
 *
 * With a single repeat on either side there is no spread to judge by, so a crossed limit is a
 * regression. Absolute limits (orders_lost=0, rebalance_pause_max_ms<5000) are never excused
 * by noise: they hold for every repeat.
 */
export const MIN_REPEATS_FOR_NOISE = 2;

export function noiseBand(baseline: Spread, candidate: Spread): [low: number, high: number] | null {
  if (baseline.n < MIN_REPEATS_FOR_NOISE || candidate.n < MIN_REPEATS_FOR_NOISE) return null;
  const widen = (candidate.max - candidate.min) / 2;
  return [baseline.min - widen, baseline.max + widen];
}

export function withinNoise(baseline: Spread, candidate: Spread): boolean {
  const band = noiseBand(baseline, candidate);
  return band !== null && candidate.median >= band[0] && candidate.median <= band[1];
}
