import { describe, expect, test } from 'vitest';
import { DEFAULT_MAX_SEND_DELAY_P99_MS, isGeneratorBound, sendDelayLimitMs } from '../../harness/load/index.ts';
import { assertValidScenario, expand } from '../../harness/scenario/index.ts';

const load = (p99Ms: number, count = 100) => ({ sendDelay: { p99Ms, count } });

describe('generator-bound', () => {
  test('send delay p99 over the limit marks the cell; at or under it, or with nothing sent, does not', () => {
    expect(isGeneratorBound(load(5.1))).toBe(true);
    expect(isGeneratorBound(load(DEFAULT_MAX_SEND_DELAY_P99_MS))).toBe(false);
    expect(isGeneratorBound(load(0.2))).toBe(false);
    expect(isGeneratorBound(load(12), 20)).toBe(false);
    expect(isGeneratorBound(load(0, 0))).toBeUndefined();
    expect(isGeneratorBound(undefined)).toBeUndefined();
  });

  test("the limit is the scenario's load.maxSendDelayP99Ms, else 5 ms (cells recorded before the setting)", () => {
    expect(sendDelayLimitMs({ rate: 10, maxSendDelayP99Ms: 20 })).toBe(20);
    expect(sendDelayLimitMs({ rate: 10 })).toBe(5);
    const scenario = (load: object) =>
      assertValidScenario({ description: 'x', topology: { partitions: 1, replicas: 1 }, load: { rate: 10, durationS: 1, ...load } }, 'x');
    expect(sendDelayLimitMs(expand(scenario({ maxSendDelayP99Ms: 20 }))[0]!.load)).toBe(20);
    expect(sendDelayLimitMs(expand(scenario({}))[0]!.load)).toBe(5);
    expect(() => scenario({ maxSendDelayP99Ms: 0 })).toThrow(/load\.maxSendDelayP99Ms: expected a positive number of milliseconds/);
  });
});
