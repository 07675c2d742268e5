import { describe, expect, it } from 'vitest';
import { analyzeCell } from '../../harness/analysis/cell.ts';
import type { Journal, ProcessedOrder } from '../../harness/analysis/journal.ts';
import type { RawCell } from '../../harness/model/raw-cell.ts';
import type { LagSample } from '../../harness/model/samples.ts';
import { expand, loadScenario } from '../../harness/scenario/index.ts';

/**
 * A recorded scale-out cell, cut down to what lag needs: partition 0 keeps up all along;
 * partition 1 is new at second 15 and nobody owns it until the rebalance ends at 15.600, so 21
 * orders wait on it (the probe at 15.500 sees lag 21) and are all processed by 15.700. The
 * probe's lag in messages, the per-second lag in seconds and the summary's maximum must agree.
 */
const origin = 1_000_000;
const at = (s: number) => origin + Math.round(s * 1000);

function recordedRun(): { raw: RawCell; journal: Journal } {
  const orders: ProcessedOrder[] = [];
  const add = (id: string, partition: number, created: number, processed: number) =>
    orders.push({
      orderId: id,
      partition,
      offset: orders.length,
      createdAt: created,
      processedAt: processed,
      qty: 1,
      productId: 1,
      replica: `inventory-${partition}`,
      member: `m${partition}`,
    });
  // Partition 0: an order every 20 ms over 0..20 s, each processed 3 ms later.
  for (let ms = 0; ms < 20_000; ms += 20) add(`p0-${ms}`, 0, at(ms / 1000), at(ms / 1000) + 3);
  // Partition 1: 21 orders from 15.000 s to 15.400 s wait for the rebalance, processed 15.600..15.700.
  for (let i = 0; i < 21; i++) add(`p1-${i}`, 1, at(15 + i * 0.02), at(15.6 + i * 0.005));
  // Then it keeps up, like partition 0.
  for (let ms = 15_720; ms < 20_000; ms += 20) add(`p1-${ms}`, 1, at(ms / 1000), at(ms / 1000) + 3);

  const lag: LagSample[] = [];
  for (let s = 0; s <= 21; s++) {
    const when = at(s + 0.5);
    const waiting = (p: number) => orders.filter((o) => o.partition === p && o.createdAt <= when && o.processedAt > when).length;
    lag.push({ at: when, partitions: [0, 1].map((p) => ({ partition: p, end: 0, committed: 0, lag: waiting(p) })) });
  }

  const cell = expand(loadScenario('scale-out'))[0]!;
  const raw: RawCell = {
    cell,
    repeat: 1,
    topic: 't',
    groupId: 'g',
    status: 'ok',
    times: { setupStart: at(-10), ready: at(-6), loadStart: at(-5), measureFrom: origin, measureTo: at(20), drainEnd: at(21), end: at(22) },
    timeline: [{ event: { at: 15, action: 'alterPartitions', partitions: 2 }, plannedAt: at(15), executedAt: at(15) }],
    replicas: [0, 1].map((i) => ({
      name: `inventory-${i}`,
      index: i,
      startedAt: at(-8),
      endedBy: 'cell-end' as const,
      journal: `journal-inventory-${i}.ndjson`,
    })),
    lag,
    group: [],
    drained: true,
  };
  return { raw, journal: { header: null, orders, poison: 0, events: [] } };
}

describe('lag in seconds on a recorded run', () => {
  const { raw, journal } = recordedRun();
  const result = analyzeCell({
    raw,
    journals: [journal],
    accepted: journal.orders.map((o) => ({ orderId: o.orderId, createdAt: o.createdAt, intendedAt: o.createdAt, status: 201 })),
    tap: [],
  });
  const lagSeconds = (second: number, partition: number) =>
    result.series.find((p) => p.metric === 'lag_seconds' && p.second === second && p.subject === String(partition))?.value;

  it('is above 0 where the probe saw the partition lag', () => {
    expect(raw.lag!.find((s) => s.at === at(15.5))!.partitions[1]!.lag).toBe(21);
    expect(lagSeconds(15, 1)).toBeGreaterThan(0);
    // The first order on partition 1 waited from 15.000 to 15.600.
    expect(lagSeconds(15, 1)).toBeCloseTo(0.6, 3);
    expect(lagSeconds(14, 1)).toBe(0);
  });

  it("gives the summary's maximum by the same computation as the series", () => {
    const seriesMax = Math.max(...result.series.filter((p) => p.metric === 'lag_seconds' && p.second >= 0).map((p) => p.value));
    expect(seriesMax).toBeCloseTo(0.6, 3);
    expect(result.lagMaxSeconds).toBe(seriesMax);
  });

  it('is the highest within each second, not a point sample (a keeping-up partition shows its few ms)', () => {
    expect(lagSeconds(5, 0)).toBeCloseTo(0.003, 3);
  });
});
