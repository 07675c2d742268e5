import type { Cell } from '../model/scenario.ts';
import type { LoadPlanInput } from './plan.ts';
import { splitEvenly } from './schedule.ts';
import type { Segment } from '../model/load.ts';
import { rateEvents } from '../model/timeline/index.ts';
import { rateChanges } from '../model/timeline/rate.ts';

export type TargetInput = Pick<LoadPlanInput, 'url' | 'body' | 'kafka'>;

/**
 * A cell's load as a plan: the warm-up then the measured stretch from `startAt`, seeded by the
 * repeat as a bench run seeds it. For a segment, the connection budget is split across the
 * segments like the workers split it, unless `connections` says how many this process opens.
 * The timeline's rate changes are in the schedule from the start: the timeline counts from the
 * end of the warm-up.
 */
export function cellLoadPlan(
  cell: Pick<Cell, 'load' | 'timeline'>,
  options: { target: TargetInput; startAt: number; repeat: number; segment?: Segment; workers?: number; connections?: number },
): LoadPlanInput {
  const { load } = cell;
  const segment = options.segment ?? { index: 0, count: 1 };
  const workers = options.workers ?? load.workers;
  const share = splitEvenly(load.connections, segment.count)[segment.index] ?? 1;
  return {
    ...options.target,
    rate: load.rate,
    durationS: load.warmupS + load.durationS,
    rateChanges: rateChanges(rateEvents(cell.timeline), load.rate, load.warmupS),
    startAt: options.startAt,
    measureFrom: options.startAt + load.warmupS * 1000,
    connections: options.connections ?? Math.max(workers, share),
    workers,
    arrival: load.arrival,
    payload: load.payload,
    seed: options.repeat + 1,
    segment,
  };
}
