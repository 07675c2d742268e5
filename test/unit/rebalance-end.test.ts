import { describe, expect, it } from 'vitest';
import { analyzeKafkaSide } from '../../harness/analysis/from-kafka.ts';
import { rebalanceEnd } from '../../harness/analysis/from-kafka/rebalance-end.ts';
import type { KafkaObservation } from '../../harness/model/kafka-observation.ts';
import type { GroupMember, GroupSample, LagSample } from '../../harness/model/samples.ts';

const T0 = 1_000_000;

/** A KIP-848 sample as the probe records it: each member's assignment, epoch and target. */
function sample(at: number, state: string, assignmentEpoch: number, members: [id: string, owned: number[], epoch: number, target: number[]][]): GroupSample {
  return {
    at: T0 + at,
    state,
    groupEpoch: assignmentEpoch,
    assignmentEpoch,
    members: members.map(([id, partitions, epoch, targetPartitions]): GroupMember => ({ memberId: id, clientId: id, partitions, epoch, targetPartitions })),
  };
}

/**
 * Kafka 4.4.0 as measured (raw samples of a bench run, a third replica joining 2 partitions
 * 0,1 and 2): c joins at epoch 5 with target [2]; a still owns 2 (pending revocation) until its
 * next heartbeat acknowledges the revocation (28.3 s); b, whose partitions stay, gets epoch 5 at
 * its own heartbeat (25.6 s); c is handed 2 at its heartbeat after the release (33.4 s).
 */
const addReplica: GroupSample[] = [
  sample(20_000, 'Stable', 4, [
    ['a', [1, 2], 4, [1, 2]],
    ['b', [0], 4, [0]],
  ]),
  sample(23_000, 'Reconciling', 5, [
    ['a', [1, 2], 4, [1]],
    ['b', [0], 4, [0]],
    ['c', [], 5, [2]],
  ]),
  sample(25_500, 'Reconciling', 5, [
    ['a', [1, 2], 4, [1]],
    ['b', [0], 5, [0]],
    ['c', [], 5, [2]],
  ]),
  sample(28_250, 'Reconciling', 5, [
    ['a', [1], 5, [1]],
    ['b', [0], 5, [0]],
    ['c', [], 5, [2]],
  ]),
  sample(33_250, 'Stable', 5, [
    ['a', [1], 5, [1]],
    ['b', [0], 5, [0]],
    ['c', [2], 5, [2]],
  ]),
];

describe('rebalanceEnd: when the members a rebalance changed have reconciled', () => {
  it('ends at the last affected member holding its target at the target epoch', () => {
    const [before, , , , after] = addReplica;
    expect(rebalanceEnd({ startAt: T0 + 23_000, endAt: after!.at, before: before!, after }, addReplica)).toEqual({ endAt: T0 + 33_250, basis: 'reconciled' });
  });

  it('does not wait for a member whose partitions stay the same and whose epoch is bumped later', () => {
    // 1 -> 2 partitions: a keeps 0, b gains 1 at once (22.4 s); a's epoch follows at its next heartbeat (22.65 s), when the group turns Stable.
    const group = [
      sample(20_000, 'Stable', 3, [
        ['a', [0], 3, [0]],
        ['b', [], 3, []],
      ]),
      sample(22_400, 'Reconciling', 4, [
        ['a', [0], 3, [0]],
        ['b', [1], 4, [1]],
      ]),
      sample(22_650, 'Stable', 4, [
        ['a', [0], 4, [0]],
        ['b', [1], 4, [1]],
      ]),
    ];
    expect(rebalanceEnd({ startAt: T0 + 22_400, endAt: T0 + 22_650, before: group[0]!, after: group[2]! }, group)).toEqual({
      endAt: T0 + 22_400,
      basis: 'reconciled',
    });
  });

  it('counts a member that gave a partition up as reconciled only once the coordinator saw it revoked', () => {
    // a is at its target partitions [1] only at 28.25 s: before, 2 is still listed as its own (pending revocation).
    const withoutC = addReplica.map((s) => ({ ...s, members: s.members.filter((m) => m.memberId !== 'c') }));
    const after = withoutC.at(-1)!;
    expect(rebalanceEnd({ startAt: T0 + 23_000, endAt: after.at, before: withoutC[0]!, after }, withoutC)).toEqual({ endAt: T0 + 28_250, basis: 'reconciled' });
  });

  it("says `coordinator`, with the coordinator's end, where the samples carry no target (classic groups, older raw records)", () => {
    const strip = (s: GroupSample): GroupSample => ({
      at: s.at,
      state: s.state,
      members: s.members.map(({ memberId, clientId, partitions }) => ({ memberId, clientId, partitions })),
    });
    const old = addReplica.map(strip);
    expect(rebalanceEnd({ startAt: T0 + 23_000, endAt: T0 + 33_250, before: old[0]!, after: old[4]! }, old)).toEqual({
      endAt: T0 + 33_250,
      basis: 'coordinator',
    });
    // Not settled within the samples: the coordinator's last change is all there is.
    expect(rebalanceEnd({ startAt: T0 + 23_000, endAt: T0 + 28_250, before: addReplica[0]! }, addReplica).basis).toBe('coordinator');
  });
});

describe('analyzeKafkaSide: the end of each rebalance and how it was found', () => {
  // Committed progress on partitions 0-2, 10 records/s each, sampled and committed every 200 ms.
  const offsets: LagSample[] = [];
  for (let t = 18_000; t <= 36_000; t += 200) {
    const end = Math.floor(t / 100);
    offsets.push({ at: T0 + t, partitions: [0, 1, 2].map((partition) => ({ partition, end, committed: end - 1, lag: 1 })) });
  }
  const observation = (group: GroupSample[]): KafkaObservation => ({
    offsetsIntervalMs: 200,
    groupIntervalMs: 250,
    offsets,
    group,
    members: {},
    tapFile: 'x',
    tapRecords: 0,
    timestampType: 'LogAppendTime',
    failures: { offsets: 0, group: 0, tap: 0 },
  });
  const analyze = (group: GroupSample[]) =>
    analyzeKafkaSide({
      observation: observation(group),
      tap: [],
      accepted: null,
      phases: [{ index: 0, from: T0 + 18_000, to: T0 + 36_000 }],
      window: { measureFrom: T0 + 18_000, measureTo: T0 + 36_000, end: T0 + 36_000 },
      actionTimes: [T0 + 22_000],
      nameOf: (id) => id,
      qty: 1,
    });

  it('gives every row of a KIP-848 rebalance the reconciled end, and the group sampling interval as its resolution', () => {
    const r = analyze(addReplica);
    expect(r.rebalances).toBe(1);
    expect(new Set(r.pauses.map((p) => [p.endAt, p.endBasis].join()))).toEqual(new Set([`${T0 + 33_250},reconciled`]));
    expect(r.pauses.find((p) => p.partition === 2)).toMatchObject({ ownerBefore: 'a', ownerAfter: 'c' });
    expect(r.groupIntervalMs).toBe(3000);
  });
});
