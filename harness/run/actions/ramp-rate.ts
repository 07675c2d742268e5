/** rampRate: like setRate, already in the load's schedule; nothing to do when its time comes. */
import type { ActionExecution } from './types.ts';

export const rampRate: ActionExecution<'rampRate'> = async () => ({});
