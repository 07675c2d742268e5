import { describe, expect, test } from 'vitest';
import { HarnessError } from '../../harness/errors.ts';
import { LOAD_PLAN_DEFAULTS, resolveLoadPlan, validateLoadPlan } from '../../harness/load/plan.ts';

describe('load plan', () => {
  test('fills defaults; the schedule starts after a lead time and measures from its start', () => {
    const plan = resolveLoadPlan({ url: 'http://127.0.0.1:1/orders', rate: 10, durationS: 2 }, 1_000);
    expect(plan).toMatchObject({
      startAt: 1_000 + LOAD_PLAN_DEFAULTS.startDelayMs,
      measureFrom: 1_000 + LOAD_PLAN_DEFAULTS.startDelayMs,
      workers: LOAD_PLAN_DEFAULTS.workers,
      connections: LOAD_PLAN_DEFAULTS.connections,
      arrival: 'uniform',
    });
  });

  test('reports every problem at once, with the field and what was expected', () => {
    const errors = validateLoadPlan({
      url: 'ftp://x',
      rate: 0,
      durationS: 2,
      startAt: 10_000,
      measureFrom: 20_000,
      workers: 4,
      connections: 2,
      arrival: 'bursty',
      payload: { productIds: 0, qty: 1, colour: 'red' },
      typo: true,
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        'typo: unknown field',
        'url: expected an http:// URL, got "ftp://x"',
        'rate: expected a number of requests per second > 0, got 0',
        'arrival: expected "uniform" or "poisson", got "bursty"',
        'payload.colour: unknown field',
        'payload.productIds: expected an integer >= 1, got 0',
        'connections: expected at least one per worker (>= 4), got 2',
        expect.stringMatching(/^measureFrom: expected within the schedule/),
      ]),
    );
    expect(errors).toHaveLength(8);
  });

  test('resolve throws BAD_ARGUMENT listing them', () => {
    const attempt = () => resolveLoadPlan({ url: 'nope', rate: -1, durationS: 1 });
    expect(attempt).toThrow(HarnessError);
    expect(attempt).toThrow(/url: .*\n.*rate: /);
    try {
      attempt();
    } catch (err) {
      expect((err as HarnessError).code).toBe('BAD_ARGUMENT');
    }
  });
});
