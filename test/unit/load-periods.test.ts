import { describe, expect, it } from 'vitest';
import { AcceptedColumns } from '../../harness/load/accepted-batch.ts';
import { emptyCounts } from '../../harness/measure/counts.ts';
import { createHistogram, encodeHistogram } from '../../harness/measure/histogram.ts';
import { PeriodMerger } from '../../harness/load/periods.ts';
import type { WorkerPeriod } from '../../harness/load/protocol.ts';

function report(index: number, ids: string[]): WorkerPeriod {
  const columns = new AcceptedColumns();
  for (const id of ids) columns.push(id, 1_000 + index, 900 + index, 201);
  return { index, ...emptyCounts(), ok: ids.length, accepted: columns.takeAll(), latency: encodeHistogram(createHistogram()) };
}

describe('PeriodMerger', () => {
  it('hands out a second once every worker reported it, and builds the accepted orders only at the end', () => {
    const merger = new PeriodMerger(0, 2);
    expect(merger.add(report(0, ['a1', 'a2']))).toEqual([]);
    const first = merger.add(report(0, ['b1']));
    expect(first.map((p) => [p.index, p.ok])).toEqual([[0, 3]]);
    // A second handed out during the run carries counts and latency, no order objects.
    expect(first[0]).not.toHaveProperty('accepted');
    merger.add(report(1, ['b2']));
    expect(merger.add(report(1, ['a3', 'é4']))).toHaveLength(1);
    merger.add(report(2, ['a5'])); // the other worker never reports second 2 (a run cut short)
    merger.addAccepted(report(2, ['b6']).accepted); // ... but its final summary arrives

    const { late, all, accepted } = merger.finish();
    expect(late.map((p) => p.index)).toEqual([2]);
    expect(all.map((p) => [p.index, p.ok])).toEqual([
      [0, 3],
      [1, 3],
      [2, 1],
    ]);
    // In the order the chunks arrived.
    expect(accepted.map((o) => o.orderId)).toEqual(['a1', 'a2', 'b1', 'b2', 'a3', 'é4', 'a5', 'b6']);
    expect(accepted[3]).toEqual({ orderId: 'b2', createdAt: 1_001, intendedAt: 901, status: 201 });
  });
});
