import { describe, expect, it } from 'vitest';
import { captureClock, epochClock } from '../../harness/load/clock.ts';

describe('the load clock', () => {
  it('reads epoch milliseconds on the Date.now() basis, monotonic, finer than a millisecond', () => {
    const base = captureClock();
    const now = epochClock(base);
    const before = Date.now();
    const t = now();
    const after = Date.now();
    // Date.now() truncates to whole milliseconds.
    expect(t).toBeGreaterThanOrEqual(before - 1);
    expect(t).toBeLessThanOrEqual(after + 1);
    const reads = Array.from({ length: 10_000 }, () => now());
    for (let i = 1; i < reads.length; i++) expect(reads[i]).toBeGreaterThanOrEqual(reads[i - 1] as number);
    expect(reads.some((r) => !Number.isInteger(r))).toBe(true);
  });

  it('two clocks built from one base later agree (what keeps workers on one schedule)', () => {
    const base = { ...captureClock(), epochMs: 1_000_000 };
    const a = epochClock(base);
    const b = epochClock(base);
    const [ta, tb] = [a(), b()];
    expect(tb - ta).toBeGreaterThanOrEqual(0);
    expect(tb - ta).toBeLessThan(1);
    expect(ta).toBeGreaterThanOrEqual(1_000_000);
  });
});
