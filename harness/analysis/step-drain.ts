/**
 * What a step up in the offered rate costs the group (pure): the time from the step until the
 * group's lag is back to its level at the step, read from the lag samples (the observer's
 * committed and end offsets, every 200 ms; once a second in older records). A group that keeps
 * up absorbs the step (0); one that cannot builds a backlog and works it off, later.
 *
 * The level is scaled to the new rate: a group that keeps up holds about rate x time in flight
 * (Little's law), so at five times the rate its lag wavers around five times its level before
 * the step without any backlog. Compared with the unscaled level, a step the group absorbed read
 * as a drain as long as the step itself (measured: 4.7-7.7 s for a 10 s step to 5x that never
 * built more than 28 messages of lag).
 */
import type { ExecutedAction } from '../model/raw-cell.ts';
import type { LagSample } from '../model/samples.ts';
import { describeAction, specOf } from '../model/timeline/index.ts';
import { rateOf, type RateEvent } from '../model/timeline/rate.ts';

export interface StepDrain {
  /** `setRate(200)`, `rampRate(x2, 10s)` */
  action: string;
  /** When the rate began to rise (a ramp's start), epoch ms. */
  at: number;
  fromRate: number;
  toRate: number;
  /** The group's total lag at the step: the highest sampled in the second before it (one sample is noisy). */
  level: number;
  /** `level` x toRate / fromRate, rounded up: the lag of a group that keeps up at the new rate. */
  threshold: number;
  /** The first sample at or below `threshold` after the lag had risen above it; null when not before the samples end. */
  drainedAt: number | null;
  /** drainedAt - at; 0 when the lag never rose above its level (the step was absorbed); null when it never came back. */
  drainMs: number | null;
  /** The lag of the last sample, for a step whose lag never came back. */
  lagAtEnd: number;
}

/** How far before a step its lag level is read. */
export const LEVEL_WINDOW_MS = 1_000;

const total = (s: LagSample) => s.partitions.reduce((sum, p) => sum + p.lag, 0);

/** One entry per executed setRate or rampRate that raised the rate, in timeline order. */
export function stepDrains(timeline: readonly ExecutedAction[], baseRate: number, lag: readonly LagSample[]): StepDrain[] {
  const samples = [...lag].sort((a, b) => a.at - b.at);
  const out: StepDrain[] = [];
  // Ramps never overlap another change (the scenario refuses it), so the rate in force before
  // a change is the previous one's target.
  let inForce = baseRate;
  for (const a of timeline) {
    if (!specOf(a.event).changesLoad) continue;
    const fromRate = inForce;
    const toRate = rateOf(a.event as RateEvent, baseRate);
    inForce = toRate;
    if (a.executedAt === undefined || a.error !== undefined || toRate <= fromRate) continue;
    const at = a.executedAt;
    const before = samples.filter((s) => s.at <= at);
    const window = before.filter((s) => s.at >= at - LEVEL_WINDOW_MS);
    const level = Math.max(0, ...(window.length > 0 ? window : before.slice(-1)).map(total));
    const threshold = fromRate > 0 ? Math.ceil((level * toRate) / fromRate) : level;
    const after = samples.filter((s) => s.at > at);
    let risen = false;
    let drainedAt: number | null = null;
    for (const s of after) {
      if (total(s) > threshold) risen = true;
      else if (risen) {
        drainedAt = s.at;
        break;
      }
    }
    const absorbed = after.length > 0 && !risen;
    out.push({
      action: describeAction(a),
      at,
      fromRate,
      toRate,
      level,
      threshold,
      drainedAt,
      drainMs: absorbed ? 0 : drainedAt === null ? null : drainedAt - at,
      lagAtEnd: after.length > 0 ? total(after.at(-1)!) : 0,
    });
  }
  return out;
}

/** `setRate(200) at 10 s: the lag never came back to 6 (its level at the step, 3, at the new rate) before the end (1234 at the last sample)`. */
export function undrainedStepNote(d: StepDrain, measureFrom: number): string {
  return `${d.action} at ${Math.round((d.at - measureFrom) / 1000)} s: the lag never came back to ${d.threshold} (its level at the step, ${d.level}, at the new rate) before the end (${d.lagAtEnd} at the last sample); step_drain_ms is empty`;
}
