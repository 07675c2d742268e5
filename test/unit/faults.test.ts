import { describe, expect, it } from 'vitest';
import { faultEffects, metadataChanges } from '../../harness/analysis/faults.ts';
import { createHistogram, recordMs, snapshot } from '../../harness/measure/histogram.ts';
import type { RawCell } from '../../harness/model/raw-cell.ts';

const T0 = 1_000_000;
const period = (second: number, ok: number, errors: Record<string, number>, latencies: number[]) => {
  const h = createHistogram();
  for (const l of latencies) recordMs(h, l);
  return { index: second, startAt: T0 + second * 1000, intended: ok, sent: ok, ok, errors, abandoned: 0, latency: snapshot(h) };
};

function raw(over: Partial<RawCell>): RawCell {
  return {
    cell: {} as RawCell['cell'],
    repeat: 1,
    topic: 't',
    groupId: 'g',
    status: 'ok',
    times: { setupStart: T0 - 5000, measureFrom: T0, measureTo: T0 + 20_000, drainEnd: T0 + 25_000, end: T0 + 26_000 },
    timeline: [],
    replicas: [],
    lag: [],
    group: [],
    drained: true,
    ...over,
  };
}

describe('metadataChanges', () => {
  it('counts a leader change once across a leaderless sample, ISR shrink and expand, coordinator moves', () => {
    const s = (at: number, leader: number, isr: number[], coordinator: number | null) => ({ at, coordinator, partitions: [{ partition: 0, leader, isr }] });
    expect(metadataChanges([s(1, 1, [1, 2, 3], 2), s(2, -1, [2, 3], null), s(3, 2, [2, 3], 3), s(4, 2, [1, 2, 3], 3)])).toEqual({
      leaderChanges: 1,
      isrShrinks: 1,
      isrExpands: 1,
      coordinatorMoves: 1,
    });
  });
});

describe('faultEffects', () => {
  it('per fault: the unavailability window from 5xx/timeouts, latency in its window, orders lost and duplicated there', () => {
    const periods = [
      period(0, 100, {}, [5]),
      period(1, 100, {}, [5]),
      period(5, 40, { '5xx': 10, timeout: 5 }, [900]),
      period(6, 60, { timeout: 2 }, [4000]),
      period(7, 100, {}, [6]),
    ];
    const load = { periods, latency: snapshot(createHistogram()) } as unknown as RawCell['load'];
    const cell = raw({
      load,
      timeline: [
        { event: { at: 5, action: 'killBroker', node: 'leader' }, plannedAt: T0 + 5000, executedAt: T0 + 5000, node: 2 },
        { event: { at: 12, action: 'startBroker', node: 'last' }, plannedAt: T0 + 12_000, executedAt: T0 + 12_000, node: 2 },
        { event: { at: 15, action: 'alterPartitions', partitions: 2 }, plannedAt: T0 + 15_000, executedAt: T0 + 15_000 },
      ],
      metadata: [
        { at: T0 + 4000, coordinator: 1, partitions: [{ partition: 0, leader: 2, isr: [1, 2, 3] }] },
        { at: T0 + 9000, coordinator: 1, partitions: [{ partition: 0, leader: 3, isr: [1, 3] }] },
        { at: T0 + 14_000, coordinator: 1, partitions: [{ partition: 0, leader: 3, isr: [1, 2, 3] }] },
      ],
      probeFailures: { lag: [T0 + 6000], group: [], metadata: [T0 + 6000, T0 + 7000] },
    });
    const accepted = [
      { orderId: 'a', createdAt: T0 + 6000, intendedAt: T0 + 6000, status: 201 },
      { orderId: 'b', createdAt: T0 + 6500, intendedAt: T0 + 6500, status: 201 },
      { orderId: 'c', createdAt: T0 + 13_000, intendedAt: T0 + 13_000, status: 201 },
    ];
    const d = (orderId: string, processedAt: number) => ({
      orderId,
      partition: 0,
      offset: 0,
      createdAt: 0,
      processedAt,
      qty: 1,
      productId: 1,
      replica: 'inventory-0',
      member: 'm',
    });
    const deliveries = [d('a', T0 + 6100), d('a', T0 + 9100), d('c', T0 + 13_100)];
    const [kill, start, ...rest] = faultEffects(cell, accepted, deliveries, []);
    expect(rest).toEqual([]);
    expect(kill).toMatchObject({
      action: 'killBroker(leader=2)',
      target: 'node 2',
      windowEnd: T0 + 12_000,
      unavailableFrom: T0 + 5000,
      unavailableMs: 2000,
      httpErrors: 17,
      leaderChanges: 1,
      isrShrinks: 1,
      isrExpands: 0,
      ordersLost: 1,
      ordersDuplicated: 1,
      probeFailures: 3,
      consumerPauseMaxMs: 4000,
    });
    expect(kill!.httpMaxMs).toBeGreaterThan(3900);
    expect(start).toMatchObject({
      action: 'startBroker(last=2)',
      unavailableFrom: null,
      unavailableMs: null,
      isrExpands: 1,
      ordersLost: 0,
      ordersDuplicated: 0,
    });
  });

  it('a drain that timed out leaves orders lost unmeasured (null), never 0', () => {
    const cell = raw({
      drained: false,
      timeline: [{ event: { at: 1, action: 'pauseReplica', replica: 0, forS: 5 }, plannedAt: T0 + 1000, executedAt: T0 + 1000, replica: 'inventory-0' }],
    });
    expect(faultEffects(cell, [], [], [])[0]).toMatchObject({ ordersLost: null, httpP99Ms: null, unavailableMs: null });
  });
});
