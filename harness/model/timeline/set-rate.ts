/**
 * setRate: the offered rate changes at once, to `rate` orders/s or `factor` times load.rate. The
 * load's schedule is computed before the run with the change in it, so the step happens at its
 * planned time, exactly, whatever else the timeline is doing.
 */
import { z } from 'zod';
import { at, section } from '../fields.ts';
import { describeRate, oneRate, rateFields, replayRate } from './rate.ts';
import { defineSpec } from './spec.ts';

export const schema = section({ at, action: z.literal('setRate'), ...rateFields }).superRefine(oneRate);
export type SetRate = Readonly<z.output<typeof schema>>;

export const setRate = defineSpec<SetRate>({
  name: 'setRate',
  schema,
  changesLoad: true,
  describe: (e) => `setRate(${describeRate(e)})`,
  replay: (e, state) => replayRate(e, state, 0),
});
