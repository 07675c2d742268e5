import { describe, expect, it } from 'vitest';
import { deploysFromKafka, deploysOf, triggersOf } from '../../harness/analysis/deploys.ts';
import { findRebalances } from '../../harness/analysis/rebalances.ts';
import { needsTakeover } from '../../harness/analysis/takeovers.ts';
import type { GroupEvent, ProcessedOrder } from '../../harness/analysis/journal.ts';
import { describeAction, timelineEventSchema } from '../../harness/model/timeline/index.ts';
import type { ExecutedAction, RawCell } from '../../harness/model/raw-cell.ts';
import { validateScenario } from '../../harness/scenario/validate.ts';

const parse = (v: unknown) => timelineEventSchema.safeParse(v);
const problems = (raw: unknown) => {
  const r = validateScenario(raw, 'f.yaml');
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
};
const scenario = (timeline: unknown[], consumer: unknown = {}) => ({
  topology: { partitions: 3, replicas: 3, consumer },
  load: { rate: 10, durationS: 60 },
  timeline,
});

describe('restartReplica and rollingRestart: schema and rules', () => {
  it('restartReplica: a running replica, which is running again after it', () => {
    expect(parse({ at: 1, action: 'restartReplica', replica: 0 }).success).toBe(true);
    expect(
      problems(
        scenario([
          { at: 1, action: 'restartReplica', replica: 2 },
          { at: 5, action: 'stopReplica', replica: 2 },
        ]),
      ),
    ).toEqual([]);
    expect(problems(scenario([{ at: 1, action: 'restartReplica', replica: 3 }]))).toEqual([
      'timeline[0].replica: expected the index of a running replica (at 1 s, running: 0, 1, 2), got 3',
    ]);
  });

  it('rollingRestart: defaults to every replica one at a time; maxUnavailable and maxSurge not both 0; distinct replicas', () => {
    const e = parse({ at: 1, action: 'rollingRestart' });
    expect(e.success && e.data).toMatchObject({ maxUnavailable: 1, maxSurge: 0, pauseS: 0, readyTimeoutS: 60 });
    expect(problems(scenario([{ at: 1, action: 'rollingRestart', maxUnavailable: 0 }])).join('\n')).toContain('maxUnavailable or maxSurge above 0');
    expect(problems(scenario([{ at: 1, action: 'rollingRestart', replicas: [0, 0] }])).join('\n')).toContain('distinct replica indices');
    expect(problems(scenario([{ at: 1, action: 'rollingRestart', replicas: [1, 4] }])).join('\n')).toContain('got 4');
    // A surge replaces: the old indices end, new ones run.
    expect(
      problems(
        scenario([
          { at: 1, action: 'rollingRestart', maxSurge: 1, maxUnavailable: 0 },
          { at: 30, action: 'stopReplica', replica: 0 },
        ]),
      ).join('\n'),
    ).toContain('(at 30 s, running: 3, 4, 5), got 0');
    expect(describeAction({ event: { at: 1, action: 'rollingRestart', maxUnavailable: 1, maxSurge: 0, pauseS: 0, readyTimeoutS: 60 } })).toBe(
      'rollingRestart(all)',
    );
  });

  it('static membership: Java on both protocols; kafkajs refused with its reason', () => {
    expect(problems(scenario([], { client: 'java', groupProtocol: 'classic', staticMembership: true }))).toEqual([]);
    expect(problems(scenario([], { client: 'java', groupProtocol: 'consumer', staticMembership: true }))).toEqual([]);
    expect(problems(scenario([], { client: 'kafkajs', staticMembership: true }))).toEqual([
      'topology.consumer.staticMembership: client kafkajs has no static membership with groupProtocol classic (kafkajs 2.2 has no static membership: it never sends a group.instance.id (KIP-345)), got true',
    ]);
  });

  it('a stopped static member leaves its partitions until its session lapses: the run waits for the takeover', () => {
    const stop: ExecutedAction = { event: { at: 1, action: 'stopReplica', replica: 0 }, plannedAt: 0, executedAt: 1, replica: 'inventory-0' };
    expect(needsTakeover(stop, 10_000, false)).toBe(false);
    expect(needsTakeover(stop, 10_000, true)).toBe(true);
  });
});

describe('what a deploy cost (pure)', () => {
  const order = (orderId: string, partition: number, replica: string, processedAt: number): ProcessedOrder => ({
    orderId,
    partition,
    offset: 0,
    createdAt: processedAt - 10,
    processedAt,
    qty: 1,
    productId: 1,
    replica,
    member: replica,
  });
  const assigned = (replica: string, at: number, generationId: number, owned: number[]): GroupEvent => ({
    type: 'assigned',
    at,
    replica,
    memberId: replica,
    generationId,
    partitions: owned,
    owned,
    durationMs: 50,
  });
  const stopLine = (replica: string, at: number, generationId: number, owned: number[]): GroupEvent => ({
    ...assigned(replica, at, generationId, []),
    type: 'stop',
    partitions: owned,
    durationMs: null,
  });

  it('a dynamic restart is one rebalance in its step; a static one none, its generation unchanged', () => {
    const action: ExecutedAction = {
      event: { at: 1, action: 'rollingRestart', maxUnavailable: 1, maxSurge: 0, pauseS: 0, readyTimeoutS: 60 },
      plannedAt: 1000,
      executedAt: 1000,
      replica: 'a+b',
      steps: [
        { replicas: ['a'], at: 1000, exitedAt: 1200, startedAt: 2000, readyAt: 2500 },
        { replicas: ['b'], at: 3000, exitedAt: 3200, startedAt: 4000, readyAt: 4500 },
      ],
    };
    // Step 1 (dynamic): a leaves (gen 2: b owns both), comes back (gen 3). Step 2 (static): b's rejoin stays in gen 3.
    const events = [
      assigned('a', 0, 1, [0]),
      assigned('b', 0, 1, [1]),
      stopLine('a', 1100, 1, [0]),
      assigned('b', 1300, 2, [0, 1]),
      assigned('a', 2400, 3, [0]),
      assigned('b', 2450, 3, [1]),
      stopLine('b', 3100, 3, [1]),
      assigned('b', 4400, 3, [1]),
    ];
    const deliveries = [order('o1', 0, 'a', 900), order('o2', 0, 'b', 1400), order('o2', 0, 'a', 2600), order('o3', 1, 'b', 2900), order('o4', 1, 'b', 4450)];
    const raw = {
      cell: { topology: { consumer: {} } },
      times: { measureFrom: 0, measureTo: 10_000, end: 10_000 },
      timeline: [action],
      replicas: [],
    } as unknown as RawCell;
    const rebalances = findRebalances(events, triggersOf(raw.timeline), deliveries, 500, 10_000);
    expect(rebalances.map((r) => [r.trigger, r.rounds.length])).toEqual([['rollingRestart(a)', 2]]);
    const d = deploysOf({ raw, rebalances, events, deliveries, first: deliveries.filter((_o, i) => i !== 2), accepted: [], series: [] })!;
    expect(d.steps.map((s) => [s.step, s.rebalances, s.generations])).toEqual([
      [1, 1, '1>2>3'],
      [2, 0, '3'],
    ]);
    expect(d).toMatchObject({ restarts: 2, rebalances: 1, duplicates: 1, durationMs: 3500 });
    // No rebalance in the static step, yet its partition stood still while b restarted.
    expect(d.steps[1]!.pauseMaxMs).toBe(1550);
  });

  it("without journals, a step costs what Kafka shows in its window: the coordinator's rebalances, their pauses and moves", () => {
    const action: ExecutedAction = {
      event: { at: 1, action: 'rollingRestart', maxUnavailable: 1, maxSurge: 0, pauseS: 0, readyTimeoutS: 60 },
      plannedAt: 1000,
      executedAt: 1000,
      replica: 'a+b',
      steps: [
        { replicas: ['a'], at: 1000, exitedAt: 1200, startedAt: 2000, readyAt: 2500 },
        { replicas: ['b'], at: 3000, exitedAt: 3200, startedAt: 4000, readyAt: 4500 },
      ],
    };
    const raw = {
      cell: { topology: { consumer: {} } },
      times: { measureFrom: 0, measureTo: 10_000, end: 10_000 },
      timeline: [action],
      replicas: [],
    } as unknown as RawCell;
    // No journal: the journal analysis finds nothing, which is not "nothing happened".
    const none = deploysOf({ raw, rebalances: [], events: [], deliveries: [], first: [], accepted: [], series: [] })!;
    const pause = (rebalance: number, startAt: number, partition: number, ownerBefore: string, ownerAfter: string, pauseMs: number | null) => ({
      rebalance,
      startAt,
      endAt: startAt + 500,
      endBasis: 'coordinator' as const,
      partition,
      ownerBefore,
      ownerAfter,
      pauseMs,
    });
    const d = deploysFromKafka(
      none,
      {
        // Step 1: a's leave and rejoin, partition 0 moved there and back; step 2: none.
        pauses: [pause(0, 1100, 0, 'a', 'b', 900), pause(0, 1100, 1, 'b', 'b', 100), pause(1, 2300, 0, 'b', 'a', null)],
        series: [
          { second: 1, metric: 'lag_seconds', value: 0.4 },
          { second: 3, metric: 'lag_seconds', value: 0.2 },
          { second: 3, metric: 'throughput', value: 50 },
        ],
      },
      0,
    );
    expect(d.steps.map((s) => [s.step, s.rebalances, s.partitionsMoved, s.pauseMaxMs, s.lagMaxSeconds, s.duplicates])).toEqual([
      [1, 2, 2, 900, 0.4, null],
      [2, 0, 0, null, 0.2, null],
    ]);
    expect(d).toMatchObject({ restarts: 2, rebalances: 2, partitionsMoved: 2, pauseMaxMs: 900, duplicates: null, e2eP99InsideMs: null, durationMs: 3500 });
  });
});
