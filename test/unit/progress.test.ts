import { describe, expect, it } from 'vitest';
import { statusLine } from '../../harness/run/progress.ts';

describe('progress line', () => {
  it("shows the load's rate while the load runs", () => {
    expect(statusLine({ phase: 'measure', elapsedMs: 12_300, rate: 100, lag: 3 })).toBe('measure 12s  rate 100/s  lag 3');
  });

  it("shows the drain's own progress once the load has stopped, never the load's last rate", () => {
    const line = statusLine({ phase: 'drain', elapsedMs: 4_000, timeoutMs: 30_000, rate: 150, lag: 233, lagAtPhaseStart: 833 });
    expect(line).toBe('drain 4s of 30s  lag 233 left  drained 150/s');
    expect(statusLine({ phase: 'drain', elapsedMs: 400, timeoutMs: 30_000, rate: 150, lag: 833, lagAtPhaseStart: 833 })).toBe('drain 0s of 30s  lag 833 left');
  });
});
