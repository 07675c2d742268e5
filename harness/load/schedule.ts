import { seededRandom } from './random.ts';
import type { Arrival, RateChange } from '../model/load.ts';
import { ratePieces, type RatePiece } from '../model/timeline/rate.ts';

/**
 * Intended send times. There is one global schedule (request i at offset t_i from startAt) and
 * worker w takes the requests with i % workers === w. The workers' shares therefore add up to
 * exactly the global schedule, and their sends interleave evenly: with uniform arrivals worker w
 * sends every workers/rate seconds starting at w/rate.
 *
 * Poisson arrivals use the same split: every worker regenerates the global sequence from the
 * shared seed and keeps its own requests, so the merged stream is one Poisson process of the
 * full rate whatever the number of workers.
 *
 * A rate that changes (timeline setRate, rampRate) is part of the same schedule, known before
 * the run, as k6's ramping-arrival-rate computes its stages: request i is intended when the
 * integral of the rate from the start reaches i (uniform), or the i-th arrival of a unit-rate
 * Poisson process mapped through that integral (time rescaling). So the index runs on across a
 * change with no gap and no duplicate, each worker keeps its i % workers share, and nothing
 * about the rate has to reach the workers while they run.
 */
export interface ScheduleSpec {
  /** The rate from the start, until the first change. */
  rate: number;
  durationS: number;
  arrival: Arrival;
  seed: number;
  rateChanges?: readonly RateChange[] | undefined;
}

/** Requests in the uniform schedule: every i >= 0 with i / rate < durationS. */
export function uniformCount(rate: number, durationS: number): number {
  // The epsilon keeps an exact product (50 req/s x 4 s) from gaining a request to rounding.
  return Math.max(0, Math.ceil(rate * durationS - 1e-9));
}

/** How many of `total` requests each worker gets under the round-robin split. */
export function workerShares(total: number, workers: number): number[] {
  return Array.from({ length: workers }, (_, w) => (w < total ? Math.floor((total - 1 - w) / workers) + 1 : 0));
}

/** Splits an integer budget (connections) as evenly as possible; the parts add up to it. */
export function splitEvenly(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

/** The schedule's rate as pieces (constant or linear), each with the requests intended before it. */
export const schedulePieces = (spec: ScheduleSpec): RatePiece[] => ratePieces(spec.rate, spec.rateChanges ?? [], spec.durationS);

/** Requests in the uniform schedule: every i >= 0 whose time falls before durationS. */
export function scheduleCount(spec: ScheduleSpec): number {
  const last = schedulePieces(spec).at(-1)!;
  return Math.max(0, Math.ceil(last.count + ((last.from + last.to) / 2) * (last.endS - last.startS) - 1e-9));
}

/**
 * The inverse of the schedule's integral: the time (ms from startAt) at which `u` requests are
 * due, for u increasing from call to call (the piece is found by walking forward).
 */
function intendedTimes(pieces: readonly RatePiece[]): (u: number) => number {
  let k = 0;
  return (u) => {
    while (k + 1 < pieces.length && u >= pieces[k + 1]!.count) k++;
    const p = pieces[k]!;
    const x = u - p.count;
    const slope = p.endS > p.startS ? (p.to - p.from) / (p.endS - p.startS) : 0;
    // Constant: x / rate. Linear: the root of from*t + slope*t^2/2 = x, in the form that stays
    // exact as the slope goes to 0 and for a falling ramp.
    if (slope === 0) return p.startS * 1000 + (x * 1000) / p.from;
    return p.startS * 1000 + (2000 * x) / (p.from + Math.sqrt(Math.max(0, p.from * p.from + 2 * slope * x)));
  };
}

/** Offsets (ms from startAt) of the whole schedule, increasing, all < durationS. */
export function* globalOffsets(spec: ScheduleSpec): Generator<number> {
  const durationMs = spec.durationS * 1000;
  const pieces = schedulePieces(spec);
  const timeOf = intendedTimes(pieces);
  if (spec.arrival === 'uniform') {
    const count = scheduleCount(spec);
    for (let i = 0; i < count; i++) yield timeOf(i);
    return;
  }
  const random = seededRandom(spec.seed);
  // The first arrival is at 0, like the uniform schedule; gaps are exponential with mean 1 in
  // requests, so with mean 1/rate in time wherever the rate is.
  for (let u = 0, t = timeOf(0); t < durationMs; u += -Math.log(1 - random()), t = timeOf(u)) yield t;
}

/** The offsets one worker sends at. */
export function* workerOffsets(spec: ScheduleSpec, worker: number, workers: number): Generator<number> {
  let i = 0;
  for (const offset of globalOffsets(spec)) {
    if (i++ % workers === worker) yield offset;
  }
}

/**
 * Which share of the global schedule worker `worker` of `workers` in segment `segment.index` of
 * `segment.count` sends: request i with i % (count * workers) === index + count * worker. So a
 * segment takes every count-th request (i % count === index), and its workers split that share
 * round robin as one process's workers always have; every request belongs to exactly one share.
 */
export function shareOf(segment: { index: number; count: number }, worker: number, workers: number): { share: number; shares: number } {
  return { share: segment.index + segment.count * worker, shares: segment.count * workers };
}
