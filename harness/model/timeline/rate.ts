/**
 * What setRate and rampRate share: the rate they go to (orders/s, or a factor of the cell's
 * load.rate so one timeline doubles every rate of a sweep), the rule that a ramp runs alone and
 * ends within the measurement, and the offered rate as a piecewise function of time, known
 * before the run from the base rate and the timeline (the load generator's schedule and the
 * analysis both read it from here).
 */
import type { z } from 'zod';
import { positiveNumber } from '../fields.ts';
import type { RateChange } from '../load.ts';
import type { ActionProblem, TimelineState } from './spec.ts';

export const rateFields = {
  rate: positiveNumber('a positive number of orders/s').optional(),
  factor: positiveNumber('a positive factor of load.rate (2 doubles it)').optional(),
};

export interface RateTarget {
  readonly rate?: number | undefined;
  readonly factor?: number | undefined;
}

/** Exactly one of rate and factor: the issue names the field. */
export function oneRate(e: RateTarget, ctx: z.RefinementCtx): void {
  if (e.rate !== undefined && e.factor !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['factor'], message: `either rate or factor, not both (rate ${e.rate} is already given), got ${e.factor}` });
  } else if (e.rate === undefined && e.factor === undefined) {
    ctx.addIssue({ code: 'custom', path: ['rate'], message: 'rate (orders/s) or factor (of load.rate), got neither' });
  }
}

/** The rate an event goes to in a cell whose load.rate is `baseRate`. */
export const rateOf = (e: RateTarget, baseRate: number): number => e.rate ?? baseRate * (e.factor ?? 1);

/** `200`, or `x2` for a factor. */
export const describeRate = (e: RateTarget): string => (e.rate !== undefined ? String(e.rate) : `x${e.factor}`);

/** A rate change may not start while a ramp runs (it would cut the ramp short); a ramp is remembered until it ends. */
export function replayRate(e: { at: number }, state: TimelineState, overS: number): ActionProblem | undefined {
  const ramp = state.ramp;
  if (ramp && e.at < ramp.until) {
    return {
      field: 'at',
      expected: `at least ${ramp.until}, when the rampRate at ${ramp.at} s ends (a rate change during a ramp would cut it short)`,
      found: e.at,
    };
  }
  state.ramp = overS > 0 ? { at: e.at, until: e.at + overS } : undefined;
  return undefined;
}

/** A timeline event that changes the offered rate, as the schedule reads it. */
export interface RateEvent extends RateTarget {
  readonly at: number;
  readonly overS?: number;
}

/**
 * The changes of a timeline in schedule time: `offsetS` is where the timeline's 0 falls in the
 * schedule (the warm-up), so the load's plan and the analysis count from their own origin.
 */
export function rateChanges(events: readonly RateEvent[], baseRate: number, offsetS = 0): RateChange[] {
  return events.map((e) => ({ atS: offsetS + e.at, rate: rateOf(e, baseRate), overS: e.overS ?? 0 }));
}

/**
 * One stretch of the offered rate: constant, or linear from `from` to `to` (a ramp), over
 * [startS, endS); `count` is how many requests the schedule holds before startS (the integral
 * of the rate from 0), so request i falls in the piece whose counts bracket it.
 */
export interface RatePiece {
  readonly startS: number;
  readonly endS: number;
  readonly from: number;
  readonly to: number;
  readonly count: number;
}

/** The pieces of the offered rate over [0, durationS): the base rate, then each change in order. */
export function ratePieces(baseRate: number, changes: readonly RateChange[], durationS: number): RatePiece[] {
  const pieces: RatePiece[] = [];
  let startS = 0;
  let rate = baseRate;
  let count = 0;
  const close = (endS: number, to: number) => {
    pieces.push({ startS, endS, from: rate, to, count });
    count += ((rate + to) / 2) * (endS - startS);
    startS = endS;
    rate = to;
  };
  for (const c of changes) {
    close(c.atS, rate);
    if (c.overS > 0) close(c.atS + c.overS, c.rate);
    rate = c.rate;
  }
  close(durationS, rate);
  return pieces;
}

/** The rate in force at `s` seconds from the schedule's start. */
export function rateAt(pieces: readonly RatePiece[], s: number): number {
  let p = pieces[0];
  for (const x of pieces) if (x.startS <= s) p = x;
  if (!p) return 0;
  return p.endS > p.startS && p.to !== p.from ? p.from + ((p.to - p.from) * Math.min(s - p.startS, p.endS - p.startS)) / (p.endS - p.startS) : p.to;
}
