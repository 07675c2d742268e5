import { describe, expect, it } from 'vitest';
import { assignmentSteps, partitionsOfTopic } from '../../services/inventory/clients/platformatic-assignments.ts';
import { describePartitions } from '../../services/inventory/membership.ts';

describe('assignmentSteps: two successive KIP-848 assignments as journal steps', () => {
  it('says nothing when the assignment is unchanged, whatever the order', () => {
    expect(assignmentSteps([], [])).toEqual([]);
    expect(assignmentSteps([1, 0], [0, 1])).toEqual([]);
  });

  it('a first assignment is one assigned step', () => {
    expect(assignmentSteps([], [2, 0])).toEqual([{ type: 'assigned', partitions: [0, 2], owned: [0, 2] }]);
  });

  it('a grown topic: the kept partition is in neither step, only in owned', () => {
    expect(assignmentSteps([0], [0, 1])).toEqual([{ type: 'assigned', partitions: [1], owned: [0, 1] }]);
  });

  it('a scale-out: only the partitions taken away are revoked', () => {
    expect(assignmentSteps([0, 1, 2, 3], [0, 2])).toEqual([{ type: 'revoked', partitions: [1, 3], owned: [0, 2] }]);
  });

  it('a swap: revoked first (owned after it is what is kept), then assigned', () => {
    expect(assignmentSteps([0, 1], [1, 2])).toEqual([
      { type: 'revoked', partitions: [0], owned: [1] },
      { type: 'assigned', partitions: [2], owned: [1, 2] },
    ]);
  });

  it('everything taken away: owned is empty', () => {
    expect(assignmentSteps([3, 1], [])).toEqual([{ type: 'revoked', partitions: [1, 3], owned: [] }]);
  });
});

describe('partitionsOfTopic', () => {
  const tps = [
    { topicId: 'a', partitions: [3, 1] },
    { topicId: 'b', partitions: [0] },
  ];
  it('keeps the topic asked for, sorted', () => {
    expect(partitionsOfTopic(tps, 'a')).toEqual([1, 3]);
    expect(partitionsOfTopic(tps, 'c')).toEqual([]);
  });
  it('takes every entry when the topic id is not known yet', () => {
    expect(partitionsOfTopic(tps, undefined)).toEqual([0, 1, 3]);
  });
});

describe('describePartitions', () => {
  it("prints the lab's `partitions assigned` list", () => {
    expect(describePartitions('orders', [0, 1])).toBe('[orders-0, orders-1]');
    expect(describePartitions('orders', [])).toBe('[]');
  });
});
