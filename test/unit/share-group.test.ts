import { Reader } from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { creditCommits, membersByPhase } from '../../harness/analysis/from-kafka/members.ts';
import { committedProgress, consumedTo } from '../../harness/analysis/from-kafka/progress.ts';
import { timeSeries } from '../../harness/analysis/from-kafka/series.ts';
import type { Phase } from '../../harness/analysis/phases.ts';
import { groupType } from '../../harness/groups/registry.ts';
import * as describeOffsets from '../../harness/groups/share/describe-share-group-offsets-v1.ts';
import { shareGroupSample, shareLagSample } from '../../harness/groups/share/samples.ts';
import * as shareGroupDescribe from '../../harness/groups/share/share-group-describe-v1.ts';
import type { GroupSample, LagSample } from '../../harness/model/samples.ts';
import { expand } from '../../harness/scenario/expand.ts';
import { assertValidScenario, validateScenario } from '../../harness/scenario/validate.ts';

/**
 * Answers recorded from Kafka 4.4.0's embedded broker (after the response header): group sg1g of
 * two kafka-console-share-consumer processes (client ids c0, c1) on topic sg1 of one partition,
 * 400 records produced at 50/s and all consumed; and the same calls for a group that does not exist.
 */
const RECORDED = {
  describe:
    '0000000002000000057367316707537461626c6500000004000000040773696d706c65031741335f666f36683254394f666836514d5a3053626b5100000000040363300b2f3132372e302e302e310204736731021c8b57e7fe2043a7ad6f08c39ded20e0047367310200000000000000174544584357504b4b517761535a384c536c63744f346700000000040363310b2f3132372e302e302e310204736731021c8b57e7fe2043a7ad6f08c39ded20e0047367310200000000000000800000000000',
  offsets: '0000000002057367316702047367311c8b57e7fe2043a7ad6f08c39ded20e00200000000000000000000018800000000000000000000000000000000000000000000',
  describeUnknown: '000000000200451847726f7570206e6f73756368206e6f7420666f756e642e076e6f737563680100000000000000000101800000000000',
  offsetsUnknown: '0000000002076e6f7375636802047367311c8b57e7fe2043a7ad6f08c39ded20e00200000000ffffffffffffffff00000000ffffffffffffffff00000000000000000000',
};
const reader = (hex: string) => Reader.from(Buffer.from(hex, 'hex'));
const share = groupType('share');

describe('ShareGroupDescribe v1 and DescribeShareGroupOffsets v1 (recorded answers)', () => {
  it('reads both members of the share group, each assigned partition 0', () => {
    const response = shareGroupDescribe.parseResponse(1, 77, 1, reader(RECORDED.describe));
    const group = response.groups[0]!;
    expect(group).toMatchObject({ errorCode: 0, groupId: 'sg1g', groupState: 'Stable', groupEpoch: 4, assignmentEpoch: 4, assignorName: 'simple' });
    expect(shareGroupSample(group, 'sg1', 1000)).toEqual({
      at: 1000,
      state: 'Stable',
      members: [
        { memberId: 'A3_fo6h2T9Ofh6QMZ0SbkQ', clientId: 'c0', clientHost: '/127.0.0.1', partitions: [0], epoch: 4 },
        { memberId: 'EDXCWPKKQwaSZ8LSlctO4g', clientId: 'c1', clientHost: '/127.0.0.1', partitions: [0], epoch: 4 },
      ],
    });
    expect(shareGroupSample(group, 'another-topic', 1000).members.map((m) => m.partitions)).toEqual([[], []]);
  });

  it('reads the start offset and the lag, and a lag of 0 as every record consumed though the start offset trails', () => {
    const response = describeOffsets.parseResponse(1, 90, 1, reader(RECORDED.offsets));
    expect(response.groups[0]!.topics[0]!.partitions[0]).toEqual({
      partitionIndex: 0,
      startOffset: 392n,
      leaderEpoch: 0,
      lag: 0n,
      errorCode: 0,
      errorMessage: null,
    });
    const sample = shareLagSample([{ partition: 0, low: 0, high: 400 }], response.groups[0], 'sg1', 2000);
    expect(sample).toEqual({ at: 2000, partitions: [{ partition: 0, end: 400, committed: 392, lag: 0 }] });
    expect(consumedTo(sample.partitions[0]!)).toBe(400);
  });

  it('reads a group that does not exist as no group, and share partitions without state as lag from the log start', () => {
    let thrown: unknown;
    try {
      shareGroupDescribe.parseResponse(1, 77, 1, reader(RECORDED.describeUnknown));
    } catch (err) {
      thrown = err;
    }
    const answered = (thrown as { response: shareGroupDescribe.ShareGroupDescribeResponse }).response.groups[0];
    expect(answered).toMatchObject({ errorCode: 69, errorMessage: 'Group nosuch not found.' });
    expect(shareGroupSample(answered, 'sg1', 1)).toEqual({ at: 1, state: 'Unknown', members: [] });
    const offsets = describeOffsets.parseResponse(1, 90, 1, reader(RECORDED.offsetsUnknown));
    expect(shareLagSample([{ partition: 0, low: 10, high: 400 }], offsets.groups[0], 'sg1', 3)).toEqual({
      at: 3,
      partitions: [{ partition: 0, end: 400, committed: null, lag: 390 }],
    });
  });

  it('writes the requests as the schemas say (compact arrays, tagged fields)', () => {
    expect(Buffer.from(shareGroupDescribe.createRequest(['g'], false).buffer).toString('hex')).toBe('02' + '0267' + '00' + '00');
    expect(Buffer.from(describeOffsets.createRequest([{ groupId: 'g', topics: [{ topicName: 't', partitions: [0] }] }]).buffer).toString('hex')).toBe(
      '02' + '0267' + '02' + '0274' + '02' + '00000000' + '00' + '00' + '00',
    );
  });
});

describe('a share group is settled', () => {
  const sample = (state: string, partitions: number[][]): GroupSample => ({
    at: 0,
    state,
    members: partitions.map((p, i) => ({ memberId: `m${i}`, clientId: `c${i}`, partitions: p })),
  });

  it('when every member has an assignment and every partition is assigned to at least one member', () => {
    expect(share.isSettled(sample('Stable', [[0], [0]]), 2, 1)).toBe(true);
    expect(share.isSettled(sample('Stable', [[0, 1], [0, 1], [1]]), 3, 2)).toBe(true);
  });

  it('not with a member assigned nothing, a partition nobody holds, a member missing, or a state other than Stable', () => {
    expect(share.isSettled(sample('Stable', [[0], []]), 2, 1)).toBe(false);
    expect(share.isSettled(sample('Stable', [[0], [0]]), 2, 2)).toBe(false);
    expect(share.isSettled(sample('Stable', [[0]]), 2, 1)).toBe(false);
    expect(share.isSettled(sample('Empty', [[0], [0]]), 2, 1)).toBe(false);
  });
});

describe("a share group's configs in a scenario", () => {
  const base = { topology: { partitions: 1, replicas: 2 }, load: { rate: 100, durationS: 10 } };
  const problems = (consumer: object) => {
    const r = validateScenario({ ...base, topology: { ...base.topology, consumer } }, 'sg.yaml');
    return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
  };
  const settings = { shareRecordLockDurationMs: 2000, shareDeliveryCountLimit: 3, groupSessionTimeoutMs: 6000, groupHeartbeatIntervalMs: 1000 };

  it('refuses the share settings on other kinds of group, saying what each sets', () => {
    expect(problems({ groupProtocol: 'classic', ...settings })).toEqual([
      'topology.consumer.groupHeartbeatIntervalMs: expected no groupHeartbeatIntervalMs with groupProtocol classic (it sets a consumer-protocol or share group; use heartbeatIntervalMs), got 1000',
      "topology.consumer.groupSessionTimeoutMs: expected no groupSessionTimeoutMs with groupProtocol classic (it sets a consumer-protocol or share group's session timeout on the broker; use sessionTimeoutMs), got 6000",
      "topology.consumer.shareRecordLockDurationMs: expected no shareRecordLockDurationMs with groupProtocol classic (it sets a share group's share.record.lock.duration.ms: groupProtocol share), got 2000",
      "topology.consumer.shareDeliveryCountLimit: expected no shareDeliveryCountLimit with groupProtocol classic (it sets a share group's share.delivery.count.limit: groupProtocol share), got 3",
    ]);
    expect(problems({ client: 'java', groupProtocol: 'consumer', shareDeliveryCountLimit: 3 })).toEqual([
      "topology.consumer.shareDeliveryCountLimit: expected no shareDeliveryCountLimit with groupProtocol consumer (it sets a share group's share.delivery.count.limit: groupProtocol share), got 3",
    ]);
    expect(problems({ client: 'java', groupProtocol: 'consumer', groupSessionTimeoutMs: 6000 })).toEqual([]);
  });

  it("carries them into a share group's cell, with the simple assignor and no client timings", () => {
    // No client joins a share group yet: the combination check refuses the client, the group settings pass.
    expect(problems({ groupProtocol: 'share', ...settings }).filter((p) => !p.startsWith('topology.consumer.groupProtocol'))).toEqual([]);
    const consumer = expand(
      assertValidScenario({ ...base, topology: { ...base.topology, consumer: { client: 'java', groupProtocol: 'consumer' } } }, 'sg.yaml'),
    )[0]!.topology.consumer;
    expect(consumer).not.toHaveProperty('shareRecordLockDurationMs');
  });
});

describe("a share group's figures from Kafka alone", () => {
  const group: GroupSample[] = [0, 1000, 2000].map((at) => ({
    at,
    state: 'Stable',
    members: [
      { memberId: 'm0', clientId: 'c', partitions: [0] },
      { memberId: 'm1', clientId: 'c', partitions: [0] },
    ],
  }));
  // The stored start offset trails (392 of 400) once the coordinator's lag is 0.
  const offsets: LagSample[] = [
    { at: 0, partitions: [{ partition: 0, end: 0, committed: null, lag: 0 }] },
    { at: 1000, partitions: [{ partition: 0, end: 200, committed: 150, lag: 40 }] },
    { at: 2000, partitions: [{ partition: 0, end: 400, committed: 392, lag: 0 }] },
  ];
  const phases = [{ index: 0, from: 0, to: 3000 }] as Phase[];

  it("counts the partition's progress to its end, credited to neither member (Kafka does not say who acknowledged what)", () => {
    const progress = committedProgress(offsets);
    expect(progress.advances.get(0)!.map((a) => a.committed)).toEqual([0, 150, 400]);
    const credit = creditCommits(progress, group, phases, 0);
    expect(credit.inPhases).toBe(400);
    const { members, idleMembers } = membersByPhase(group, phases, credit, (id) => id);
    expect(members.map((m) => [m.memberId, m.partitions, m.committed, m.throughputPerS])).toEqual([
      ['m0', [0], null, null],
      ['m1', [0], null, null],
    ]);
    expect(idleMembers).toBe(0);
    expect(timeSeries(offsets, group, [0], credit.bySecond, null, 0, (id) => id)).toEqual([]);
  });
});
