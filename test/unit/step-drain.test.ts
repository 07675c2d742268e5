import { describe, expect, it } from 'vitest';
import { phasesOf } from '../../harness/analysis/phases.ts';
import { findRebalances } from '../../harness/analysis/rebalances.ts';
import { stepDrains, undrainedStepNote } from '../../harness/analysis/step-drain.ts';
import type { GroupEvent } from '../../harness/analysis/journal.ts';
import type { ExecutedAction } from '../../harness/model/raw-cell.ts';
import type { LagSample } from '../../harness/model/samples.ts';
import type { TimelineEvent } from '../../harness/model/scenario.ts';

/** Lag samples every 200 ms from `from`, the group's total split over two partitions. */
const lagSeries = (from: number, totals: readonly number[]): LagSample[] =>
  totals.map((lag, i) => ({
    at: from + i * 200,
    partitions: [
      { partition: 0, end: 0, committed: 0, lag: Math.ceil(lag / 2) },
      { partition: 1, end: 0, committed: 0, lag: Math.floor(lag / 2) },
    ],
  }));
const ran = (event: TimelineEvent, at: number): ExecutedAction => ({ event, plannedAt: at, executedAt: at });

describe('step_drain: from a step up until the lag is back to its level at the step, at the new rate', () => {
  it('reads the level over the second before the step, waits for the lag to rise above it, and times its return', () => {
    // Steps at 10,000 ms: before it the lag wavers 1-3; then a backlog of up to 40 back to 3 at 12,000 ms.
    const lag = lagSeries(9_000, [1, 3, 2, 1, 2, 2, 1, 5, 12, 25, 40, 30, 18, 9, 4, 3, 2]);
    const [d, ...more] = stepDrains([ran({ at: 5, action: 'setRate', rate: 200 }, 10_000)], 100, lag);
    expect(more).toEqual([]);
    // At 10,000 ms the sample reads 2; the highest in [9,000, 10,000] is 3 (at 9,200); at twice the
    // rate a group that keeps up holds twice that: back at 4 (11,800 ms), under 6.
    expect(d).toMatchObject({ action: 'setRate(200)', at: 10_000, fromRate: 100, toRate: 200, level: 3, threshold: 6, drainedAt: 11_800, drainMs: 1_800 });
  });

  it('0 when the group absorbs the step; empty (null) with a note when the lag never comes back before the end', () => {
    const flat = lagSeries(9_000, [2, 2, 2, 2, 2, 2, 1, 2, 2, 1]);
    expect(stepDrains([ran({ at: 5, action: 'setRate', factor: 2 }, 10_000)], 100, flat)[0]).toMatchObject({ action: 'setRate(x2)', toRate: 200, drainMs: 0 });

    const growing = lagSeries(9_000, [0, 0, 0, 0, 0, 0, 10, 20, 30, 40]);
    const [d] = stepDrains([ran({ at: 5, action: 'setRate', rate: 500 }, 10_000)], 100, growing);
    expect(d).toMatchObject({ level: 0, drainedAt: null, drainMs: null, lagAtEnd: 40 });
    expect(undrainedStepNote(d!, 5_000)).toBe(
      'setRate(500) at 5 s: the lag never came back to 0 (its level at the step, 0, at the new rate) before the end (40 at the last sample); step_drain_ms is empty',
    );
    // Nothing sampled after the step: nothing to say either way.
    expect(stepDrains([ran({ at: 5, action: 'setRate', rate: 500 }, 20_000)], 100, growing)[0]).toMatchObject({ drainMs: null });
  });

  it('only steps that raised the rate, from the rate in force (a ramp from its start); not one that did not run', () => {
    const lag = lagSeries(
      0,
      Array.from({ length: 150 }, (_, i) => (i >= 55 && i < 60 ? 50 : 1)),
    );
    const timeline = [
      ran({ at: 5, action: 'setRate', rate: 50 }, 5_000),
      ran({ at: 10, action: 'rampRate', rate: 150, overS: 5 }, 10_000),
      ran({ at: 20, action: 'setRate', factor: 1.2 }, 20_000),
      ran({ at: 25, action: 'setRate', rate: 60 }, 25_000),
      { event: { at: 28, action: 'setRate', rate: 900 }, plannedAt: 28_000 } satisfies ExecutedAction,
    ] as ExecutedAction[];
    const drains = stepDrains(timeline, 100, lag);
    expect(drains.map((d) => [d.action, d.fromRate, d.toRate])).toEqual([
      ['rampRate(150, 5s)', 50, 150],
      // 1.2 × load.rate (100) is below the 150 in force: a step down, left out. So is 60.
    ]);
    expect(drains[0]).toMatchObject({ at: 10_000, drainedAt: 12_000, drainMs: 2_000 });
  });
});

describe('a rate change in the rest of the analysis', () => {
  it('starts a phase, so per-phase throughput shows the step', () => {
    const actions = [ran({ at: 5, action: 'setRate', rate: 200 }, 15_000)];
    expect(phasesOf(10_000, 30_000, actions)).toEqual([
      { index: 0, from: 10_000, to: 15_000 },
      { index: 1, from: 15_000, to: 30_000 },
    ]);
  });

  it('is never a rebalance’s trigger: rounds after it still belong to the action that moved partitions', () => {
    const events: GroupEvent[] = [
      { type: 'assigned', at: 900, replica: 'r0', memberId: 'm0', generationId: 1, partitions: [0], owned: [0], durationMs: 40 },
      { type: 'revoked', at: 5500, replica: 'r0', memberId: 'm0', generationId: 1, partitions: [0], owned: [], durationMs: null },
      { type: 'assigned', at: 6200, replica: 'r0', memberId: 'm0', generationId: 2, partitions: [0, 1], owned: [0, 1], durationMs: 700 },
    ];
    const actions = [ran({ at: 3, action: 'alterPartitions', partitions: 2 }, 5_000), ran({ at: 3.2, action: 'setRate', rate: 300 }, 5_200)];
    const [rebalance] = findRebalances(events, actions, [], 2_000);
    expect(rebalance).toMatchObject({ trigger: 'alterPartitions(2)', triggerAt: 5_000, detectionMs: 500 });
  });
});
