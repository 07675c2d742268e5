import { seededRandom } from './random.ts';
import type { Arrival } from '../model/load.ts';

/**
 * Intended send times. There is one global schedule (request i at offset t_i from startAt) and
 * worker w takes the requests with i % workers === w. The workers' shares therefore add up to
 * exactly the global schedule, and their sends interleave evenly: with uniform arrivals worker w
 * sends every workers/rate seconds starting at w/rate.
 *
 * Poisson arrivals use the same split: every worker regenerates the global sequence from the
 * shared seed and keeps its own requests, so the merged stream is one Poisson process of the
 * full rate whatever the number of workers.
 */
export interface ScheduleSpec {
  rate: number;
  durationS: number;
  arrival: Arrival;
  seed: number;
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

/** Offsets (ms from startAt) of the whole schedule, increasing, all < durationS. */
export function* globalOffsets(spec: ScheduleSpec): Generator<number> {
  const durationMs = spec.durationS * 1000;
  if (spec.arrival === 'uniform') {
    const count = uniformCount(spec.rate, spec.durationS);
    for (let i = 0; i < count; i++) yield (i * 1000) / spec.rate;
    return;
  }
  const random = seededRandom(spec.seed);
  // The first arrival is at 0, like the uniform schedule; gaps are exponential with mean 1/rate.
  for (let t = 0; t < durationMs; t += (-Math.log(1 - random()) * 1000) / spec.rate) yield t;
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
