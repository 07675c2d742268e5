import { describe, expect, test } from 'vitest';
import { HarnessError } from '../../harness/model/errors.ts';
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

  test('a Kafka target instead of a URL, and a segment: checked field by field', () => {
    const plan = resolveLoadPlan({ kafka: { brokers: ['127.0.0.1:9092'], topic: 't' }, rate: 10, durationS: 1, segment: { index: 1, count: 3 } }, 0);
    expect(plan.target).toEqual({ kind: 'kafka', brokers: ['127.0.0.1:9092'], topic: 't', ...LOAD_PLAN_DEFAULTS.kafka });
    expect(plan.segment).toEqual({ index: 1, count: 3 });
    expect(resolveLoadPlan({ url: 'http://127.0.0.1:1/orders', rate: 1, durationS: 1 }, 0)).toMatchObject({
      target: { kind: 'http', url: 'http://127.0.0.1:1/orders' },
      segment: { index: 0, count: 1 },
    });
    expect(
      validateLoadPlan({
        url: 'http://x/orders',
        kafka: { brokers: ['nope'], topic: '', key: 'k', maxBatch: 0, extra: 1 },
        rate: 1,
        durationS: 1,
        segment: { index: 3, count: 3 },
      }),
    ).toEqual([
      'url: expected no url beside kafka (one target: url for HTTP, kafka for a topic)',
      'kafka.extra: unknown field',
      'kafka.brokers: expected a non-empty list of host:port, got ["nope"]',
      'kafka.topic: expected a topic name, got ""',
      'kafka.key: expected one of none, productId, orderId, got "k"',
      'kafka.maxBatch: expected an integer >= 1, got 0',
      'segment: expected { index, count } with 0 <= index < count, got {"index":3,"count":3}',
    ]);
  });
});
