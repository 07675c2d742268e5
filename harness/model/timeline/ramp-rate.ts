/**
 * rampRate: the offered rate goes linearly, over `overS` seconds, from the rate in force to
 * `rate` orders/s (or `factor` times load.rate), as k6's ramping-arrival-rate stages do. Like
 * setRate it is in the load's schedule before the run starts.
 */
import { z } from 'zod';
import { at, positiveNumber, section } from '../fields.ts';
import { describeRate, oneRate, rateFields, replayRate } from './rate.ts';
import { defineSpec } from './spec.ts';

export const schema = section({ at, action: z.literal('rampRate'), ...rateFields, overS: positiveNumber('a positive number of seconds') }).superRefine(oneRate);
export type RampRate = Readonly<z.output<typeof schema>>;

export const rampRate = defineSpec<RampRate>({
  name: 'rampRate',
  schema,
  changesLoad: true,
  describe: (e) => `rampRate(${describeRate(e)}, ${e.overS}s)`,
  lastsUntil: (e) => ({ field: 'overS', at: e.at + e.overS, what: 'the ramp ends' }),
  replay: (e, state) => replayRate(e, state, e.overS),
});
