import { describe, expect, it } from 'vitest';
import { analyzeKafkaSide } from '../../harness/analysis/from-kafka.ts';
import type { KafkaObservation } from '../../harness/model/kafka-observation.ts';
import type { TapRecord } from '../../harness/model/kafka-observation.ts';
import type { GroupSample, LagSample } from '../../harness/model/samples.ts';
import { validateScenario } from '../../harness/scenario/validate.ts';
import { fillArgv, placeholdersIn, unknownPlaceholders } from '../../harness/model/template.ts';

const T0 = 1_000_000;

/**
 * One partition consumed at 10 records/s, committed every 200 ms and sampled every 200 ms, by
 * member a until t=4 s, then nothing until b takes over at t=6 s (a 2 s pause), through t=10 s.
 */
function observation(): { obs: KafkaObservation; tap: TapRecord[] } {
  const offsets: LagSample[] = [];
  const group: GroupSample[] = [];
  const tap: TapRecord[] = [];
  for (let o = 0; o < 100; o++) tap.push({ p: 0, o, t: T0 + o * 100, id: `order-${o}` });
  for (let t = 0; t <= 12_000; t += 200) {
    const end = Math.min(100, Math.floor(t / 100) + 1);
    // Processed up to t, except nothing between 4 s and 6 s; afterwards it catches up at once.
    const done = t < 4000 ? Math.floor(t / 100) : t < 6000 ? 40 : end;
    offsets.push({ at: T0 + t, partitions: [{ partition: 0, end, committed: done, lag: end - done }] });
  }
  for (let t = 0; t <= 12_000; t += 250) {
    const owner = t < 4000 ? 'a' : 'b';
    const state = t >= 4000 && t < 6000 ? 'PreparingRebalance' : 'Stable';
    group.push({ at: T0 + t, state, members: [{ memberId: owner, clientId: owner, partitions: state === 'Stable' ? [0] : [] }] });
  }
  return {
    obs: {
      offsetsIntervalMs: 200,
      groupIntervalMs: 250,
      offsets,
      group,
      members: {},
      tapFile: 'x',
      tapRecords: tap.length,
      timestampType: 'LogAppendTime',
      failures: { offsets: 0, group: 0, tap: 0 },
    },
    tap,
  };
}

describe('analyzeKafkaSide', () => {
  const { obs, tap } = observation();
  const phases = [{ index: 0, from: T0, to: T0 + 10_000 }];
  const accepted = tap.map((r) => ({ orderId: r.id!, createdAt: r.t, intendedAt: r.t, status: 0 }));
  const window = { measureFrom: T0, measureTo: T0 + 10_000, end: T0 + 12_000 };
  const result = analyzeKafkaSide({
    observation: obs,
    tap: [...tap, tap[3]!],
    accepted,
    phases,
    window,
    actionTimes: [T0 + 3900],
    nameOf: (id) => `replica-${id}`,
    qty: 1,
  });

  it('states its resolution: the sampling interval plus the commit interval', () => {
    expect(result.offsetsIntervalMs).toBe(200);
    expect(result.commitIntervalMs).toBe(200);
    expect(result.resolutionMs).toBe(400);
  });

  it('finds the rebalance and the pause of the partition within the resolution', () => {
    expect(result.rebalances).toBe(1);
    expect(result.pauses).toHaveLength(1);
    expect(result.pauses[0]).toMatchObject({ partition: 0, ownerBefore: 'replica-a', ownerAfter: 'replica-b' });
    expect(Math.abs(result.pauses[0]!.pauseMs! - 2000)).toBeLessThanOrEqual(result.resolutionMs!);
  });

  it('credits committed progress to the owning member', () => {
    const a = result.members.find((m) => m.memberId === 'a')!;
    const b = result.members.find((m) => m.memberId === 'b')!;
    expect(a.committed).toBe(40);
    expect(a.replica).toBe('replica-a');
    expect(b.committed! + a.committed!).toBe(result.committedInWindow);
  });

  it('gives lag in seconds from the first uncommitted record, e2e as an upper bound, and the accounting', () => {
    // At 6 s the oldest waiting record (offset 40) was appended at 4 s: ~2 s.
    expect(result.lagMaxSeconds).toBeGreaterThanOrEqual(1.8);
    expect(result.lagMaxSeconds).toBeLessThanOrEqual(2.2);
    expect(result.e2eUpperSummary.maxMs).toBeGreaterThanOrEqual(2000);
    // A record the tap read twice counts once.
    expect(result.accounting).toMatchObject({
      accepted: 100,
      inTopic: 100,
      inTopicTwice: 0,
      missingFromTopic: 0,
      committed: 100,
      uncommitted: 0,
      stockDecrements: null,
      duplicatedDecrements: null,
    });
  });

  it('counts duplicated decrements from stock readings, and leaves them unmeasured when one is missing', () => {
    const withStock = {
      ...obs,
      stock: [
        { replica: 'a', productId: 1, url: 'u1', before: 1000, after: 950 },
        { replica: 'b', productId: 1, url: 'u2', before: 1000, after: 947 },
      ],
    };
    const r = analyzeKafkaSide({ observation: withStock, tap, accepted, phases, window, actionTimes: [], nameOf: (id) => id, qty: 1 });
    expect(r.accounting).toMatchObject({ stockDecrements: 103, duplicatedDecrements: 3 });
    const lost = { ...obs, stock: [{ replica: 'a', productId: 1, url: 'u1', before: 1000, after: null }] };
    expect(
      analyzeKafkaSide({ observation: lost, tap, accepted, phases, window, actionTimes: [], nameOf: (id) => id, qty: 1 }).accounting?.duplicatedDecrements,
    ).toBeNull();
  });

  it('says "not measured" (null) without a tap rather than 0', () => {
    const r = analyzeKafkaSide({ observation: obs, tap: [], accepted: null, phases, window, actionTimes: [], nameOf: (id) => id, qty: 1 });
    expect(r.lagMaxSeconds).toBeNull();
    expect(r.accounting).toBeNull();
    expect(r.e2eUpperSummary.count).toBe(0);
  });
});

describe('analyzeKafkaSide: a killed member', () => {
  // Member a consumes 10 records/s and commits every 200 ms until it is killed at 4 s. The group
  // lists it, owning the partition, until its session times out; b owns the partition from 10 s
  // and catches up at once. The group sample at 10.0 s is stale (still a); b's first commit is
  // seen at 10.2 s, before the next group sample (10.25 s) shows it.
  const offsets: LagSample[] = [];
  const group: GroupSample[] = [];
  for (let t = 0; t <= 12_000; t += 200) {
    const end = Math.min(120, Math.floor(t / 100) + 1);
    const done = t < 4000 ? Math.floor(t / 100) : t < 10_200 ? 40 : end;
    offsets.push({ at: T0 + t, partitions: [{ partition: 0, end, committed: done, lag: end - done }] });
  }
  for (let t = 0; t <= 12_000; t += 250) {
    const owner = t <= 10_000 ? 'a' : 'b';
    group.push({ at: T0 + t, state: 'Stable', members: [{ memberId: owner, clientId: owner, partitions: [0] }] });
  }
  const obs: KafkaObservation = {
    offsetsIntervalMs: 200,
    groupIntervalMs: 250,
    offsets,
    group,
    members: {},
    tapFile: 'x',
    tapRecords: 0,
    timestampType: 'LogAppendTime',
    failures: { offsets: 0, group: 0, tap: 0 },
  };
  const phases = [
    { index: 0, from: T0, to: T0 + 4000 },
    { index: 1, from: T0 + 4000, to: T0 + 12_000 },
  ];
  const result = analyzeKafkaSide({
    observation: obs,
    tap: [],
    accepted: null,
    phases,
    window: { measureFrom: T0, measureTo: T0 + 12_000, end: T0 + 12_000 },
    actionTimes: [T0 + 4000],
    nameOf: (id) => id,
    qty: 1,
  });

  it('credits the backlog its successor caught up on to the successor, not to the killed member', () => {
    const committed = (phase: number, id: string) => result.members.find((m) => m.phase === phase && m.memberId === id)?.committed ?? 0;
    expect(committed(0, 'a')).toBe(40);
    expect(committed(1, 'a')).toBe(0);
    expect(committed(1, 'b')).toBe(result.committedInWindow - 40);
    expect(committed(1, 'b')).toBeGreaterThan(60);
  });
});

describe('argv templates', () => {
  it('fills placeholders one argument at a time, never through a shell', () => {
    expect(fillArgv(['consumer', '--brokers={brokers}', '{topic}', '$(rm -rf /)'], { brokers: 'a:1,b:2', topic: 't x' })).toEqual([
      'consumer',
      '--brokers=a:1,b:2',
      't x',
      '$(rm -rf /)',
    ]);
    expect(placeholdersIn('{"productId":{productId},"qty":{qty}}')).toEqual(['productId', 'qty']);
    expect(unknownPlaceholders('http://h:{port}/i/{prod}', ['index', 'port', 'productId'])).toEqual(['prod']);
  });

  it('reports every bad field of a system section at once, naming it', () => {
    const result = validateScenario(
      {
        topology: { partitions: 1, replicas: 1 },
        load: { rate: 10, durationS: 5 },
        system: {
          kind: 'external',
          topic: 't',
          group: 'g',
          orders: { http: { url: 'ftp://x', body: '{"p":{productId}' } },
          replicas: { command: ['c', '{idx}'], scale: ['k'] },
          stockUrl: 'http://h/{sku}',
        },
      },
      'mine.yaml',
    );
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(['system.orders.http.url', 'system.orders.http.body', 'system.replicas.command[1]', 'system.replicas', 'system.stockUrl']),
    );
  });

  it('leaves a scenario without system as it was (managed)', () => {
    const result = validateScenario({ topology: { partitions: 1, replicas: 1 }, load: { rate: 10, durationS: 5 } }, 'mine.yaml');
    expect(result.ok && result.scenario.system).toBeUndefined();
  });
});

describe('measurement notes under the table', () => {
  it('say how many probe reads failed and which figures they coarsen, and where journals and Kafka disagree', async () => {
    const { measurementNotes } = await import('../../harness/run/measurement-notes.ts');
    const r = {
      raw: { cell: { name: 'p1-r2-rate100', topology: {} }, repeat: 1, times: { end: 0 }, probeFailures: { lag: [1, 2], group: [], metadata: [] } },
      kafkaSide: {
        kafka: { failures: { offsets: 3, group: 0, tap: 0 }, addedPartitions: [], e2eUpperUncommitted: 0 },
        agreement: { disagreements: ['per-replica throughput up to 4.4% apart'] },
      },
      takeovers: [],
      stepDrains: [],
      accounting: { lost: 0 },
      lostOrders: [],
    } as unknown as Parameters<typeof measurementNotes>[0][number];
    const notes = measurementNotes([r]);
    expect(notes[0]).toMatch(/^p1-r2-rate100#1 probe failures: lag 2 \(lag_max.*committed offsets 3 \(Kafka-side throughput/);
    expect(notes[1]).toBe('p1-r2-rate100#1 journals and Kafka disagree: per-replica throughput up to 4.4% apart (kafka-side.csv)');
    expect(notes).toHaveLength(2);
  });

  it('say which step up left a backlog that never drained', async () => {
    const { measurementNotes } = await import('../../harness/run/measurement-notes.ts');
    const step = { action: 'setRate(x2)', at: 14_000, fromRate: 100, toRate: 200, level: 3, threshold: 6, drainedAt: null, drainMs: null, lagAtEnd: 1234 };
    const r = {
      raw: { cell: { name: 'p1-r1-rate100' }, repeat: 1, times: { measureFrom: 10_000 } },
      takeovers: [],
      stepDrains: [step, { ...step, action: 'setRate(300)', drainedAt: 20_000, drainMs: 6_000 }],
      accounting: { lost: 0 },
      lostOrders: [],
    } as unknown as Parameters<typeof measurementNotes>[0][number];
    expect(measurementNotes([r])).toEqual([
      'p1-r1-rate100#1 setRate(x2) at 4 s: the lag never came back to 6 (its level at the step, 3, at the new rate) before the end (1234 at the last sample); step_drain_ms is empty',
    ]);
  });
});
