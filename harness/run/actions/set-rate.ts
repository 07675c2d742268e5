/**
 * setRate: nothing to do when its time comes. The change is in the load's schedule, computed
 * before the run (harness/load/cell-plan.ts), so every worker already paces the new rate from
 * the planned instant; sending it to the workers now would be late by the timeline's own delays.
 */
import type { ActionExecution } from './types.ts';

export const setRate: ActionExecution<'setRate'> = async () => ({});
