import { describe, expect, it } from 'vitest';
import { expand, sweptDimensions } from '../../harness/scenario/expand.ts';
import { assertValidScenario } from '../../harness/scenario/validate.ts';

/** A resolved scenario from the few fields a test cares about. */
function scenario(topology: object, load: object = {}, extra: object = {}) {
  return assertValidScenario(
    {
      topology: { partitions: 1, replicas: 1, ...topology },
      load: { rate: 100, durationS: 10, ...load },
      ...extra,
    },
    'test.yaml',
  );
}

describe('expand', () => {
  it('gives one cell, named by partitions, replicas and rate, when nothing is swept', () => {
    const cells = expand(scenario({ partitions: 2, replicas: 3 }, { rate: 50 }));
    expect(cells.map((c) => c.name)).toEqual(['p2-r3-rate50']);
    expect(cells[0]?.swept).toEqual({});
  });

  it('is the cartesian product, partitions outermost and the last dimension fastest', () => {
    const cells = expand(scenario({ partitions: [1, 2], replicas: [1, 2, 4] }, { rate: [10, 20] }));
    expect(cells).toHaveLength(12);
    expect(cells.map((c) => c.name)).toEqual([
      'p1-r1-rate10',
      'p1-r1-rate20',
      'p1-r2-rate10',
      'p1-r2-rate20',
      'p1-r4-rate10',
      'p1-r4-rate20',
      'p2-r1-rate10',
      'p2-r1-rate20',
      'p2-r2-rate10',
      'p2-r2-rate20',
      'p2-r4-rate10',
      'p2-r4-rate20',
    ]);
    expect(cells.map((c) => c.index)).toEqual([...Array(12).keys()]);
  });

  it('appends every other swept dimension to the name, in a fixed order', () => {
    const s = scenario(
      {
        store: ['memory', 'postgres'],
        key: ['none', 'productId'],
        work: { perMessageMs: [5, 10] },
        consumer: { partitionsConsumedConcurrently: [1, 2] },
      },
      { connections: [8, 16] },
    );
    const cells = expand(s);
    expect(cells).toHaveLength(32);
    expect(cells[0]?.name).toBe('p1-r1-rate100-storememory-keynone-work5-pcc1-conn8');
    expect(cells.at(-1)?.name).toBe('p1-r1-rate100-storepostgres-keyproductId-work10-pcc2-conn16');
    expect(new Set(cells.map((c) => c.name)).size).toBe(32);
    expect(sweptDimensions(s)).toEqual(['store', 'key', 'perMessageMs', 'partitionsConsumedConcurrently', 'connections']);
  });

  it('names a swept dimension only when it has more than one value', () => {
    const cells = expand(scenario({ partitions: [1, 2], work: { perMessageMs: 5 }, key: ['productId'] }));
    expect(cells.map((c) => c.name)).toEqual(['p1-r1-rate100', 'p2-r1-rate100']);
  });

  it('gives each cell concrete values, the timeline and repeats', () => {
    const s = scenario(
      { partitions: [1, 2], replicas: 2, work: { perMessageMs: [2, 20], mode: 'busy' } },
      { rate: 150, connections: 4, workers: 2 },
      { repeats: 3, timeline: [{ at: 5, action: 'alterPartitions', partitions: 4 }] },
    );
    const cell = expand(s).find((c) => c.name === 'p2-r2-rate150-work20');
    expect(cell).toEqual({
      scenario: 'test',
      name: 'p2-r2-rate150-work20',
      index: 3,
      swept: { partitions: 2, perMessageMs: 20 },
      repeats: 3,
      cluster: { nodes: 1 },
      topology: {
        partitions: 2,
        replicas: 2,
        store: 'memory',
        key: 'none',
        producer: { metadataMaxAgeMs: 300_000 },
        consumer: {
          client: 'kafkajs',
          groupProtocol: 'classic',
          assignor: 'range',
          metadataMaxAgeMs: 300_000,
          sessionTimeoutMs: 30_000,
          heartbeatIntervalMs: 3_000,
          groupHeartbeatIntervalMs: null,
          partitionsConsumedConcurrently: 1,
        },
        work: { perMessageMs: 20, mode: 'busy' },
      },
      load: {
        rate: 150,
        durationS: 10,
        warmupS: 5,
        connections: 4,
        workers: 2,
        arrival: 'uniform',
        payload: { productIds: 1, qty: 1 },
      },
      drain: { timeoutS: 30 },
      timeline: [{ at: 5, action: 'alterPartitions', partitions: 4 }],
    });
  });

  it('is pure: the same cells every time, and the scenario left untouched', () => {
    const s = scenario({ partitions: [4, 1], replicas: [2, 1] }, { rate: [10, 5] });
    const before = structuredClone(s);
    const first = expand(s);
    expect(expand(s)).toEqual(first);
    expect(s).toEqual(before);
    // The order is the file's, not sorted: a sweep runs in the order it was written.
    expect(first.map((c) => c.name).slice(0, 2)).toEqual(['p4-r2-rate10', 'p4-r2-rate5']);
  });
});

describe('consumer variants', () => {
  it('sweeps a list of consumer settings, one cell each, named by client, protocol and assignor', () => {
    const s = scenario({
      replicas: 2,
      consumer: [
        { sessionTimeoutMs: 10_000, heartbeatIntervalMs: 1000 },
        { client: 'java', assignor: 'cooperative-sticky' },
        { client: 'java', groupProtocol: 'consumer', groupHeartbeatIntervalMs: 1000 },
        { client: 'platformatic', groupProtocol: 'consumer' },
      ],
    });
    const cells = expand(s);
    expect(cells.map((c) => c.name)).toEqual([
      'p1-r2-rate100-kafkajs-classic-range',
      'p1-r2-rate100-java-classic-cooperative-sticky',
      'p1-r2-rate100-java-consumer-uniform',
      'p1-r2-rate100-platformatic-consumer-uniform',
    ]);
    expect(sweptDimensions(s)).toEqual(['consumer']);
    expect(cells[0]!.topology.consumer).toMatchObject({
      client: 'kafkajs',
      groupProtocol: 'classic',
      assignor: 'range',
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 1000,
      groupHeartbeatIntervalMs: null,
    });
    // The consumer protocol takes no client timings: they are null in its cells, not a default.
    expect(cells[2]!.topology.consumer).toMatchObject({
      assignor: 'uniform',
      sessionTimeoutMs: null,
      heartbeatIntervalMs: null,
      groupHeartbeatIntervalMs: 1000,
    });
  });

  it('keeps pcc naming when only partitionsConsumedConcurrently varies, and numbers variants that share a name', () => {
    expect(expand(scenario({ consumer: { partitionsConsumedConcurrently: [1, 2] } })).map((c) => c.name)).toEqual(['p1-r1-rate100-pcc1', 'p1-r1-rate100-pcc2']);
    const cells = expand(
      scenario({
        consumer: [
          { client: 'java', metadataMaxAgeMs: 1000 },
          { client: 'java', metadataMaxAgeMs: 2000 },
        ],
      }),
    );
    expect(cells.map((c) => c.name)).toEqual(['p1-r1-rate100-java-classic-range', 'p1-r1-rate100-java-classic-range-2']);
  });
});
