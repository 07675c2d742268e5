import { describe, expect, test } from 'vitest';
import { cellLoadPlan } from '../../harness/load/cell-plan.ts';
import { validateLoadPlan } from '../../harness/load/plan.ts';
import { globalOffsets, scheduleCount, shareOf, workerOffsets, type ScheduleSpec } from '../../harness/load/schedule.ts';
import { rateAt, ratePieces } from '../../harness/model/timeline/rate.ts';
import type { Cell } from '../../harness/model/scenario.ts';

const perSecond = (offsets: readonly number[], seconds: number) => {
  const counts = new Array<number>(seconds).fill(0);
  for (const t of offsets) counts[Math.floor(t / 1000)]! += 1;
  return counts;
};

/** The schedule's integral at t ms (requests due before t), computed directly from the pieces. */
const integral = (spec: ScheduleSpec, tMs: number) => {
  const s = tMs / 1000;
  let n = 0;
  for (const p of ratePieces(spec.rate, spec.rateChanges ?? [], spec.durationS)) {
    if (s <= p.startS) break;
    const end = Math.min(s, p.endS);
    n += ((p.from + rateAt([p], end)) / 2) * (end - p.startS);
  }
  return n;
};

describe('a schedule whose rate changes (setRate, rampRate)', () => {
  test('a step doubles the rate at 5 s: exact times either side, no gap and no duplicate at the step', () => {
    const spec: ScheduleSpec = { rate: 100, durationS: 10, arrival: 'uniform', seed: 1, rateChanges: [{ atS: 5, rate: 200, overS: 0 }] };
    const offsets = [...globalOffsets(spec)];
    expect(scheduleCount(spec)).toBe(1500);
    expect(offsets).toHaveLength(1500);
    offsets.forEach((t, i) => {
      expect(t).toBeCloseTo(i < 500 ? i * 10 : 5000 + (i - 500) * 5, 9);
    });
    expect(offsets.slice(498, 502)).toEqual([4980, 4990, 5000, 5005]);
    expect(new Set(offsets).size).toBe(offsets.length);
    expect(perSecond(offsets, 10)).toEqual([100, 100, 100, 100, 100, 200, 200, 200, 200, 200]);
  });

  test('a step between two intended times: the index runs on, the first request after it is due as the integral says', () => {
    // 3/s for 1.5 s is 4.5 requests: request 4 at 1333.3 ms, request 5 half a request into 7/s.
    const spec: ScheduleSpec = { rate: 3, durationS: 3, arrival: 'uniform', seed: 1, rateChanges: [{ atS: 1.5, rate: 7, overS: 0 }] };
    const offsets = [...globalOffsets(spec)];
    expect(offsets).toHaveLength(Math.ceil(4.5 + 7 * 1.5));
    expect(offsets[4]).toBeCloseTo(4000 / 3, 9);
    expect(offsets[5]).toBeCloseTo(1500 + 500 / 7, 9);
    expect(offsets[6]! - offsets[5]!).toBeCloseTo(1000 / 7, 9);
    // No gap: the wait across the step is less than the slower spacing.
    for (let i = 1; i < offsets.length; i++) {
      expect(offsets[i]! - offsets[i - 1]!).toBeGreaterThan(0);
      expect(offsets[i]! - offsets[i - 1]!).toBeLessThanOrEqual(1000 / 3 + 1e-9);
    }
  });

  test.each([
    ['rising', 100, 300],
    ['falling', 300, 100],
  ])('a %s ramp: request i is due exactly when the integral of the rate reaches i', (_name, from, to) => {
    const spec: ScheduleSpec = { rate: from, durationS: 4, arrival: 'uniform', seed: 1, rateChanges: [{ atS: 1, rate: to, overS: 2 }] };
    const offsets = [...globalOffsets(spec)];
    const total = from + ((from + to) / 2) * 2 + to;
    expect(offsets).toHaveLength(total);
    offsets.forEach((t, i) => {
      expect(integral(spec, t)).toBeCloseTo(i, 6);
    });
    for (let i = 1; i < offsets.length; i++) expect(offsets[i]!).toBeGreaterThan(offsets[i - 1]!);
    // Per second: the base, the ramp's two halves (mean of each), the target.
    expect(perSecond(offsets, 4)).toEqual([from, (from + (from + to) / 2) / 2, ((from + to) / 2 + to) / 2, to]);
  });

  test('a ramp then a step back: pieces in order, the rate in force at any time', () => {
    const pieces = ratePieces(
      100,
      [
        { atS: 2, rate: 200, overS: 4 },
        { atS: 8, rate: 50, overS: 0 },
      ],
      10,
    );
    expect(pieces.map((p) => [p.startS, p.endS, p.from, p.to, p.count])).toEqual([
      [0, 2, 100, 100, 0],
      [2, 6, 100, 200, 200],
      [6, 8, 200, 200, 800],
      [8, 10, 50, 50, 1200],
    ]);
    expect([0, 2, 4, 6, 7.9, 8, 9.99].map((s) => rateAt(pieces, s))).toEqual([100, 100, 150, 200, 200, 50, 50]);
  });

  test.each(['uniform', 'poisson'] as const)('%s: segments and workers split a stepped schedule exactly, every request once', (arrival) => {
    const spec: ScheduleSpec = {
      rate: 97,
      durationS: 4,
      arrival,
      seed: 5,
      rateChanges: [
        { atS: 1, rate: 211, overS: 0 },
        { atS: 2, rate: 40, overS: 1.5 },
      ],
    };
    const all = [...globalOffsets(spec)];
    const taken: number[] = [];
    for (let index = 0; index < 3; index++) {
      for (let w = 0; w < 2; w++) {
        const { share, shares } = shareOf({ index, count: 3 }, w, 2);
        taken.push(...workerOffsets(spec, share, shares));
      }
    }
    expect(taken.sort((a, b) => a - b)).toEqual(all);
  });

  test('poisson: the arrivals follow the rate in force, one process across the step', () => {
    const spec: ScheduleSpec = { rate: 200, durationS: 200, arrival: 'poisson', seed: 42, rateChanges: [{ atS: 100, rate: 400, overS: 0 }] };
    const offsets = [...globalOffsets(spec)];
    const before = offsets.filter((t) => t < 100_000).length;
    const after = offsets.length - before;
    // 20,000 and 40,000 expected; sd ~141 and ~200.
    expect(Math.abs(before - 20_000)).toBeLessThan(700);
    expect(Math.abs(after - 40_000)).toBeLessThan(1_000);
    expect(offsets.every((t, i) => i === 0 || t >= offsets[i - 1]!)).toBe(true);
  });

  test('no change: the schedule is the constant one, to the bit', () => {
    const offsets = [...globalOffsets({ rate: 30, durationS: 2, arrival: 'uniform', seed: 1, rateChanges: [] })];
    expect(offsets).toEqual(Array.from({ length: 60 }, (_, i) => (i * 1000) / 30));
  });
});

describe('the plan: rate changes from the timeline, checked', () => {
  test('a cell’s setRate and rampRate are in its plan from the start, counted from the end of the warm-up, a factor of load.rate resolved', () => {
    const cell = {
      load: { rate: 50, durationS: 20, warmupS: 5, connections: 4, workers: 1, arrival: 'uniform', payload: { productIds: 1, qty: 1 } },
      timeline: [
        { at: 3, action: 'alterPartitions', partitions: 2 },
        { at: 5, action: 'setRate', factor: 2 },
        { at: 10, action: 'rampRate', rate: 20, overS: 4 },
      ],
    } as unknown as Pick<Cell, 'load' | 'timeline'>;
    const plan = cellLoadPlan(cell, { target: { url: 'http://x/orders' }, startAt: 0, repeat: 0 });
    expect(plan.rateChanges).toEqual([
      { atS: 10, rate: 100, overS: 0 },
      { atS: 15, rate: 20, overS: 4 },
    ]);
    expect(validateLoadPlan(plan)).toEqual([]);
  });

  test('every problem with the changes at once, each naming its field', () => {
    const plan = {
      url: 'http://x/orders',
      rate: 10,
      durationS: 10,
      rateChanges: [
        { atS: 2, rate: 0, overS: 0 },
        { atS: 3, rate: 20, overS: 4 },
        { atS: 5, rate: 30, overS: 0 },
        { atS: 8, rate: 30, overS: 5, by: 1 },
      ],
    };
    expect(validateLoadPlan(plan)).toEqual([
      'rateChanges[0].rate: expected a number of requests per second > 0, got 0',
      'rateChanges[2].atS: expected seconds from startAt in [7, 10) (in time order, after the ramp before it), got 5',
      'rateChanges[3].by: unknown field',
      'rateChanges[3].overS: expected at most 2 (the ramp ends within durationS), got 5',
    ]);
  });
});
