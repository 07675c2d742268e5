import { describe, expect, test } from 'vitest';
import { globalOffsets, shareOf, splitEvenly, uniformCount, workerOffsets, workerShares } from '../../harness/load/schedule.ts';

describe('load schedule', () => {
  test('uniform: rate x duration requests, evenly spaced, all inside the run', () => {
    expect(uniformCount(50, 4)).toBe(200);
    expect(uniformCount(2.5, 1)).toBe(3); // at 0, 400, 800 ms
    expect(uniformCount(1_000, 0.001)).toBe(1);
    const offsets = [...globalOffsets({ rate: 50, durationS: 4, arrival: 'uniform', seed: 1 })];
    expect(offsets).toHaveLength(200);
    offsets.forEach((t, i) => {
      expect(t).toBeCloseTo(i * 20, 9);
    });
    expect(Math.max(...offsets)).toBeLessThan(4_000);
  });

  test.each([
    [50, 4, 2],
    [333, 3, 3],
    [7, 1, 8],
  ])('uniform: %d req/s x %d s split over %d workers adds up to the schedule and interleaves', (rate, durationS, workers) => {
    const spec = { rate, durationS, arrival: 'uniform' as const, seed: 1 };
    const total = uniformCount(rate, durationS);
    const shares = workerShares(total, workers);
    expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
    expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
    const perWorker = shares.map((_, w) => [...workerOffsets(spec, w, workers)]);
    perWorker.forEach((offsets, w) => {
      expect(offsets).toHaveLength(shares[w] as number);
      // Worker w sends every workers/rate s, starting at w/rate s.
      offsets.forEach((t, k) => {
        expect(t).toBeCloseTo(((w + k * workers) * 1000) / rate, 9);
      });
    });
    const merged = perWorker.flat().sort((a, b) => a - b);
    expect(merged).toEqual([...globalOffsets(spec)]);
  });

  test('poisson: mean rate and exponential gaps; the split keeps one global process', () => {
    const spec = { rate: 200, durationS: 100, arrival: 'poisson' as const, seed: 42 };
    const offsets = [...globalOffsets(spec)];
    // 20,000 expected; a Poisson count has sd sqrt(20,000) ~ 141.
    expect(Math.abs(offsets.length - 20_000)).toBeLessThan(600);
    const gaps = offsets.slice(1).map((t, i) => t - (offsets[i] as number));
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length);
    expect(mean).toBeCloseTo(5, 0); // ms
    expect(sd / mean).toBeGreaterThan(0.95); // exponential: coefficient of variation 1
    expect(sd / mean).toBeLessThan(1.05);
    expect(gaps.every((g) => g >= 0)).toBe(true);
    const merged = [0, 1, 2].flatMap((w) => [...workerOffsets(spec, w, 3)]).sort((a, b) => a - b);
    expect(merged).toEqual(offsets);
    expect([...globalOffsets(spec)]).toEqual(offsets); // the seed makes it repeatable
  });

  test('connections split evenly and add up', () => {
    expect(splitEvenly(16, 2)).toEqual([8, 8]);
    expect(splitEvenly(7, 3)).toEqual([3, 2, 2]);
    expect(splitEvenly(3, 3)).toEqual([1, 1, 1]);
  });

  test.each([
    ['uniform', 3, 2],
    ['poisson', 3, 2],
    ['uniform', 4, 1],
  ] as const)('%s: %d segments x %d workers take every request exactly once, segment i every i-th', (arrival, count, workers) => {
    const spec = { rate: 97, durationS: 3, arrival, seed: 5 };
    const all = [...globalOffsets(spec)];
    const taken: number[][] = [];
    for (let index = 0; index < count; index++) {
      const segment: number[] = [];
      for (let w = 0; w < workers; w++) {
        const { share, shares } = shareOf({ index, count }, w, workers);
        segment.push(...workerOffsets(spec, share, shares));
      }
      segment.sort((a, b) => a - b);
      expect(segment).toEqual(all.filter((_, i) => i % count === index));
      taken.push(segment);
    }
    expect(taken.flat().sort((a, b) => a - b)).toEqual(all);
  });
});
