import { describe, expect, it } from 'vitest';
import { account, firstDeliveries } from '../../harness/analysis/accounting.ts';
import { jainIndex } from '../../harness/analysis/fairness.ts';
import type { GroupEvent, ProcessedOrder } from '../../harness/analysis/journal.ts';
import { lagSecondsAt } from '../../harness/analysis/lag-seconds.ts';
import { lostOrders } from '../../harness/analysis/lost-orders.ts';
import { assignmentAt, phasesOf, replicaPhases } from '../../harness/analysis/phases.ts';
import { findRebalances, longestGapAcross } from '../../harness/analysis/rebalances.ts';
import type { ExecutedAction } from '../../harness/model/raw-cell.ts';

const order = (orderId: string, partition: number, createdAt: number, processedAt: number, replica = 'inventory-0'): ProcessedOrder => ({
  orderId,
  partition,
  offset: 0,
  createdAt,
  processedAt,
  qty: 1,
  productId: 1,
  replica,
  member: `${replica}-m`,
});
const accepted = (orderId: string) => ({ orderId, createdAt: 0, intendedAt: 0, status: 201 });

describe('accounting', () => {
  it('counts processed once, duplicated, lost and processed-but-unacknowledged orders', () => {
    const a = account(
      [accepted('a'), accepted('b'), accepted('c'), accepted('d')],
      [order('a', 0, 0, 1), order('b', 0, 0, 2), order('b', 0, 0, 3), order('b', 0, 0, 4), order('c', 1, 0, 2), order('x', 1, 0, 5)],
    );
    expect(a).toMatchObject({
      accepted: 4,
      processed: 3,
      processedOnce: 2,
      duplicated: 1,
      extraDeliveries: 2,
      lost: 1,
      processedNotAccepted: 1,
      lostOrderIds: ['d'],
    });
  });

  it('counts what the drain left in the topic as unprocessed, not lost', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const a = account(ids.map(accepted), [order('a', 0, 0, 1), order('b', 0, 0, 2)], 2);
    expect(a).toMatchObject({ accepted: 5, processed: 2, unprocessed: 2, lost: 1 });
    expect(account(ids.map(accepted), [order('a', 0, 0, 1)], 10)).toMatchObject({ unprocessed: 4, lost: 0 });
  });

  it('follows lost orders into the topic: partition and offset where the tap saw them, null where it did not', () => {
    const tap = [
      { p: 1, o: 7, t: 0, id: 'd' },
      { p: 0, o: 3, t: 0, id: 'a' },
    ];
    const orders = [{ ...accepted('d'), createdAt: 1_500 }, { ...accepted('e'), createdAt: 2_500 }, accepted('a')];
    expect(lostOrders(['d', 'e'], orders, tap, 1_000)).toEqual([
      { orderId: 'd', acceptedAtMs: 500, partition: 1, offset: 7 },
      { orderId: 'e', acceptedAtMs: 1_500, partition: null, offset: null },
    ]);
    expect(lostOrders([], orders, tap, 0)).toEqual([]);
  });

  it('keeps the first delivery of each order', () => {
    const first = firstDeliveries([order('a', 0, 0, 9, 'r1'), order('a', 0, 0, 3, 'r0'), order('b', 0, 0, 5)]);
    expect(first.map((d) => [d.orderId, d.processedAt, d.replica])).toEqual([
      ['a', 3, 'r0'],
      ['b', 5, 'inventory-0'],
    ]);
  });
});

describe("Jain's fairness index", () => {
  it('is 1 for equal shares, 1/n when one replica does everything', () => {
    expect(jainIndex([5, 5, 5, 5])).toBe(1);
    expect(jainIndex([10, 0])).toBe(0.5);
    expect(jainIndex([10, 0, 0, 0])).toBe(0.25);
    expect(jainIndex([3, 1])).toBeCloseTo(16 / 20, 10);
    expect(jainIndex([])).toBeNaN();
  });
});

describe('phases', () => {
  const action = (at: number, executedAt: number): ExecutedAction => ({ event: { at, action: 'addReplica' }, plannedAt: executedAt, executedAt });

  it('cuts the measurement at each executed action', () => {
    expect(phasesOf(1000, 5000, [action(1, 2000), action(3, 4000)])).toEqual([
      { index: 0, from: 1000, to: 2000 },
      { index: 1, from: 2000, to: 4000 },
      { index: 2, from: 4000, to: 5000 },
    ]);
    expect(phasesOf(1000, 5000, [])).toEqual([{ index: 0, from: 1000, to: 5000 }]);
  });

  it("reads a replica's assignment from its group events", () => {
    const events: GroupEvent[] = [
      { type: 'assigned', at: 10, replica: 'r0', memberId: 'm', generationId: 1, partitions: [1, 0], owned: [1, 0], durationMs: 5 },
      { type: 'revoked', at: 20, replica: 'r0', memberId: 'm', generationId: 1, partitions: [0, 1], owned: [], durationMs: null },
      { type: 'assigned', at: 25, replica: 'r0', memberId: 'm', generationId: 2, partitions: [1], owned: [1], durationMs: 5 },
    ];
    expect(assignmentAt(events, 'r0', 5)).toEqual([]);
    expect(assignmentAt(events, 'r0', 15)).toEqual([0, 1]);
    expect(assignmentAt(events, 'r0', 22)).toEqual([]);
    expect(assignmentAt(events, 'r0', 30)).toEqual([1]);
  });

  it('counts a replica an addReplica started as alive in the phase that action opened, though its process came up later', () => {
    const phases = phasesOf(1000, 5000, [{ ...action(2, 2000), replica: 'r2' }]);
    const replica = (name: string, startedAt: number) => ({ name, index: 0, startedAt, endedBy: 'cell-end' as const, journal: '' });
    const events: GroupEvent[] = [{ type: 'assigned', at: 900, replica: 'r0', memberId: 'm0', generationId: 1, partitions: [0], owned: [0], durationMs: 5 }];
    const rows = replicaPhases(phases, [replica('r0', 500), replica('r2', 2600)], events, [], [{ ...action(2, 2000), replica: 'r2' }]);
    expect(rows.map((r) => [r.phase, r.replica, r.alive, r.partitions])).toEqual([
      [0, 'r0', true, [0]],
      [1, 'r0', true, [0]],
      [1, 'r2', true, []],
    ]);
    // Without the action (an older raw record), its first phase is one it did not live through.
    expect(replicaPhases(phases, [replica('r2', 2600)], events, []).map((r) => r.alive)).toEqual([false]);
  });
});

describe('rebalance pause', () => {
  it('is the longest processing gap that overlaps the rebalance window', () => {
    expect(longestGapAcross([100, 110, 120, 600, 610], 300, 500)).toBe(480);
    // Processing resumed on the new owner before the last member finished joining.
    expect(longestGapAcross([100, 110, 450, 460], 200, 500)).toBe(340);
    // A new partition: nothing before the rebalance, so no pause to speak of.
    expect(longestGapAcross([600, 610], 300, 500)).toBeNull();
  });

  it('finds a rebalance under load, its trigger, detection, join time and per-partition pause', () => {
    const events: GroupEvent[] = [
      { type: 'assigned', at: 900, replica: 'r0', memberId: 'm0', generationId: 1, partitions: [0], owned: [0], durationMs: 40 },
      { type: 'assigned', at: 900, replica: 'r1', memberId: 'm1', generationId: 1, partitions: [], owned: [], durationMs: 40 },
      { type: 'revoked', at: 5500, replica: 'r0', memberId: 'm0', generationId: 1, partitions: [0], owned: [], durationMs: null },
      { type: 'assigned', at: 6200, replica: 'r0', memberId: 'm0', generationId: 2, partitions: [1], owned: [1], durationMs: 700 },
      { type: 'assigned', at: 6300, replica: 'r1', memberId: 'm1', generationId: 2, partitions: [0], owned: [0], durationMs: 650 },
    ];
    const actions: ExecutedAction[] = [{ event: { at: 3, action: 'alterPartitions', partitions: 2 }, plannedAt: 5000, executedAt: 5000 }];
    const deliveries = [
      ...[4800, 4900, 5400].map((t, i) => order(`a${i}`, 0, t - 5, t, 'r0')),
      ...[6400, 6500].map((t, i) => order(`b${i}`, 0, t - 5, t, 'r1')),
      ...[6250, 6350].map((t, i) => order(`c${i}`, 1, t - 5, t, 'r0')),
    ];
    const [rebalance, ...more] = findRebalances(events, actions, deliveries, 2000);
    expect(more).toEqual([]);
    expect(rebalance).toMatchObject({ generation: 2, trigger: 'alterPartitions(2)', start: 5500, end: 6300, detectionMs: 500, joinMs: 700 });
    expect(rebalance!.partitions).toEqual([
      { partition: 0, ownerBefore: 'r0', ownerAfter: 'r1', moved: true, pauseMs: 1000, resumeMs: 100, firstOrderMs: 400 },
      { partition: 1, ownerBefore: '', ownerAfter: 'r0', moved: true, pauseMs: null, resumeMs: 50, firstOrderMs: 1250 },
    ]);
  });
});

describe('lag in seconds', () => {
  it('is the age of the oldest order created and not yet processed', () => {
    const orders = [order('a', 0, 1000, 1500), order('b', 0, 1200, 4000), order('c', 1, 3000, 3100)];
    expect(Object.fromEntries(lagSecondsAt(orders, 1100))).toEqual({ 0: 0.1 });
    expect(Object.fromEntries(lagSecondsAt(orders, 3050))).toEqual({ 0: 1.85, 1: 0.05 });
    expect(lagSecondsAt(orders, 5000).size).toBe(0);
  });
});

describe('a re-sync within a generation', () => {
  it('is not a rebalance', () => {
    const events: GroupEvent[] = [
      { type: 'assigned', at: 900, replica: 'r0', memberId: 'm0', generationId: 2, partitions: [0], owned: [0], durationMs: 40 },
      { type: 'assigned', at: 950, replica: 'r1', memberId: 'm1', generationId: 2, partitions: [], owned: [], durationMs: 40 },
      // kafkajs refreshed its metadata, revoked and re-synced: same generation, later.
      { type: 'revoked', at: 5400, replica: 'r0', memberId: 'm0', generationId: 2, partitions: [0], owned: [], durationMs: null },
      { type: 'assigned', at: 5450, replica: 'r0', memberId: 'm0', generationId: 2, partitions: [0], owned: [0], durationMs: 30 },
    ];
    expect(findRebalances(events, [], [], 2000)).toEqual([]);
  });

  it('leaves out the rebalances of the teardown, when replicas leave after the run', () => {
    const events: GroupEvent[] = [
      { type: 'assigned', at: 900, replica: 'r0', memberId: 'm0', generationId: 2, partitions: [0], owned: [0], durationMs: 40 },
      { type: 'stop', at: 9000, replica: 'r0', memberId: 'm0', generationId: 2, partitions: [0], owned: [], durationMs: null },
      { type: 'revoked', at: 9100, replica: 'r1', memberId: 'm1', generationId: 2, partitions: [], owned: [], durationMs: null },
      { type: 'assigned', at: 9120, replica: 'r1', memberId: 'm1', generationId: 3, partitions: [0], owned: [0], durationMs: 20 },
    ];
    expect(findRebalances(events, [], [], 2000, 8000)).toEqual([]);
    const all = findRebalances(events, [], [], 2000);
    expect(all).toHaveLength(1);
    // A clean leave starts the broker's rebalance at once: the window starts there.
    expect(all[0]).toMatchObject({ start: 9000, end: 9120 });
  });
});

describe('an incremental rebalance', () => {
  const ev = (
    type: GroupEvent['type'],
    at: number,
    replica: string,
    generationId: number,
    partitions: number[],
    owned: number[],
    durationMs: number | null = null,
  ): GroupEvent => ({
    type,
    at,
    replica,
    memberId: `${replica}-m`,
    generationId,
    partitions,
    owned,
    durationMs,
  });
  // Orders every 10 ms on partition 0 from 4000 to 9000 by r0, and on partition 1 by r1 from 6300.
  const steady = (partition: number, from: number, to: number, replica: string) =>
    Array.from({ length: Math.floor((to - from) / 10) }, (_, i) => order(`${partition}-${replica}-${i}`, partition, from + i * 10 - 2, from + i * 10, replica));

  it('keeps partition 0 with its owner: moved false, its pause the normal gap; the new partition reports when it was first consumed', () => {
    const events: GroupEvent[] = [
      ev('assigned', 900, 'r0', 1, [0], [0], 40),
      ev('assigned', 900, 'r1', 1, [], [], 40),
      // cooperative-sticky: round 1 revokes nothing, round 2 hands out partition 1.
      ev('revoked', 5500, 'r1', 1, [], []),
      ev('assigned', 5600, 'r0', 2, [], [0], 100),
      ev('assigned', 5610, 'r1', 2, [], [], 110),
      ev('assigned', 6200, 'r0', 3, [], [0], 50),
      ev('assigned', 6250, 'r1', 3, [1], [1], 60),
    ];
    const actions: ExecutedAction[] = [{ event: { at: 3, action: 'alterPartitions', partitions: 2 }, plannedAt: 5000, executedAt: 5000 }];
    const deliveries = [...steady(0, 4000, 9000, 'r0'), ...steady(1, 6300, 9000, 'r1')];
    const rebalances = findRebalances(events, actions, deliveries, 2000);
    expect(rebalances).toHaveLength(1);
    const [r] = rebalances;
    expect(r!.rounds.map((x) => x.generation)).toEqual([2, 3]);
    expect(r).toMatchObject({ trigger: 'alterPartitions(2)', start: 5500, end: 6250, detectionMs: 500 });
    expect(r!.partitions).toEqual([
      { partition: 0, ownerBefore: 'r0', ownerAfter: 'r0', moved: false, pauseMs: 10, resumeMs: 10, firstOrderMs: 10 },
      { partition: 1, ownerBefore: '', ownerAfter: 'r1', moved: true, pauseMs: null, resumeMs: 50, firstOrderMs: 1300 },
    ]);
  });

  it('reads an incremental revoke as giving up some partitions, not all', () => {
    const events: GroupEvent[] = [ev('assigned', 10, 'r0', 1, [0, 1], [0, 1]), ev('revoked', 20, 'r0', 1, [1], [0]), ev('lost', 30, 'r0', 2, [0], [])];
    expect(assignmentAt(events, 'r0', 15)).toEqual([0, 1]);
    expect(assignmentAt(events, 'r0', 25)).toEqual([0]);
    expect(assignmentAt(events, 'r0', 35)).toEqual([]);
  });

  it('measures a moved partition from its last order on the old owner to its first on the new one', () => {
    const events: GroupEvent[] = [
      ev('assigned', 900, 'r0', 1, [0, 1], [0, 1], 40),
      ev('join', 4900, 'r1', 1, [], []),
      ev('revoked', 5000, 'r0', 1, [1], [0]),
      ev('assigned', 5050, 'r0', 2, [], [0], 50),
      ev('assigned', 5060, 'r1', 2, [], [], 160),
      ev('assigned', 5100, 'r1', 3, [1], [1], 40),
      ev('assigned', 5100, 'r0', 3, [], [0], 40),
    ];
    const actions: ExecutedAction[] = [{ event: { at: 3, action: 'addReplica' }, plannedAt: 4800, executedAt: 4800, replica: 'r1' }];
    const deliveries = [...steady(0, 3000, 7000, 'r0'), ...steady(1, 3000, 4990, 'r0'), ...steady(1, 5300, 7000, 'r1')];
    const [r, ...more] = findRebalances(events, actions, deliveries, 2000);
    expect(more).toEqual([]);
    const p1 = r!.partitions.find((p) => p.partition === 1)!;
    expect(p1).toMatchObject({ ownerBefore: 'r0', ownerAfter: 'r1', moved: true, pauseMs: 5300 - 4980 });
    expect(r!.partitions.find((p) => p.partition === 0)).toMatchObject({ moved: false, pauseMs: 10 });
  });
});
