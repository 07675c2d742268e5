import { describe, expect, it } from 'vitest';
import { addedReplicas } from '../../harness/analysis/added-replicas.ts';
import type { CellResult } from '../../harness/analysis/cell.ts';
import type { FaultEffect } from '../../harness/analysis/faults.ts';
import type { ProcessedOrder } from '../../harness/analysis/journal.ts';
import { keyOrder } from '../../harness/analysis/key-order.ts';
import { killRedelivery, redelivery } from '../../harness/analysis/redelivery.ts';
import type { ExecutedAction } from '../../harness/model/raw-cell.ts';
import { sharingNotes } from '../../harness/run/sharing-notes.ts';

const T0 = 1_000_000;
let n = 0;
const order = (o: Partial<ProcessedOrder> & Pick<ProcessedOrder, 'offset' | 'processedAt'>): ProcessedOrder => ({
  orderId: `o${n++}`,
  partition: 0,
  createdAt: T0,
  qty: 1,
  productId: 1,
  replica: 'inventory-0',
  member: 'm0',
  ...o,
});

describe('keyOrder', () => {
  it('counts nothing when one member processes each key in offset order (a consumer group)', () => {
    const first = [0, 1, 2, 3].map((i) => order({ offset: i, processedAt: T0 + i * 10, productId: 1 + (i % 2) }));
    expect(keyOrder(first, 'productId')).toEqual({ violations: 0, keys: 2, keysAffected: 0 });
  });

  it('counts the orders processed while an earlier one of their key was still out (a released record back late)', () => {
    // Offset 1 of product 7 was held by a killed member and came back after offsets 2 and 3.
    const first = [
      order({ offset: 0, processedAt: T0, productId: 7 }),
      order({ offset: 1, processedAt: T0 + 500, productId: 7, replica: 'inventory-1' }),
      order({ offset: 2, processedAt: T0 + 20, productId: 7 }),
      order({ offset: 3, processedAt: T0 + 30, productId: 7 }),
      order({ offset: 4, processedAt: T0 + 40, productId: 8 }),
      order({ offset: 5, processedAt: T0 + 50, productId: 8 }),
    ];
    expect(keyOrder(first, 'productId')).toEqual({ violations: 2, keys: 2, keysAffected: 1 });
  });

  it('compares orders of one key within a partition only, and is null without a product key', () => {
    const first = [order({ offset: 5, processedAt: T0 }), order({ offset: 1, processedAt: T0 + 10, partition: 1 })];
    expect(keyOrder(first, 'productId')).toEqual({ violations: 0, keys: 0, keysAffected: 0 });
    expect(keyOrder(first, 'none')).toBeNull();
    expect(keyOrder(first, 'orderId')).toBeNull();
  });
});

describe('redelivery', () => {
  it('is null when no journal line carries a delivery count (a consumer group)', () => {
    expect(redelivery([order({ offset: 0, processedAt: T0 })])).toBeNull();
    expect(killRedelivery({ replica: 'inventory-1' }, T0, T0 + 1000, [order({ offset: 0, processedAt: T0 })])).toBeNull();
  });

  it('counts records delivered again once each, and the highest delivery count', () => {
    const d = [
      order({ offset: 0, processedAt: T0, deliveryCount: 1 }),
      order({ offset: 1, processedAt: T0 + 1, deliveryCount: 2 }),
      order({ offset: 1, processedAt: T0 + 2, deliveryCount: 3 }),
    ];
    expect(redelivery(d)).toEqual({ records: 1, deliveryCountMax: 3 });
  });

  it("after a kill: the survivors' redelivered records in the window, and when the last was processed", () => {
    const d = [
      order({ offset: 0, processedAt: T0 - 10, deliveryCount: 2, replica: 'inventory-0' }), // before the kill
      order({ offset: 1, processedAt: T0 + 400, deliveryCount: 2, replica: 'inventory-0' }),
      order({ offset: 2, processedAt: T0 + 700, deliveryCount: 2, replica: 'inventory-0' }),
      order({ offset: 3, processedAt: T0 + 800, deliveryCount: 1, replica: 'inventory-0' }),
      order({ offset: 4, processedAt: T0 + 900, deliveryCount: 2, replica: 'inventory-1' }), // the killed one's own line
      order({ offset: 5, processedAt: T0 + 5000, deliveryCount: 2, replica: 'inventory-0' }), // after the window
    ];
    expect(killRedelivery({ replica: 'inventory-1' }, T0, T0 + 2000, d)).toEqual({ records: 2, delayMs: 700 });
    expect(killRedelivery({ replica: 'inventory-1' }, T0 + 1000, T0 + 2000, d)).toEqual({ records: 0, delayMs: null });
  });
});

describe('addedReplicas', () => {
  const add = (replica: string, at: number): ExecutedAction => ({ event: { at: 10, action: 'addReplica' }, plannedAt: at, executedAt: at, replica });

  it("from the action to the new replica's first order; null when it processed none (beyond a consumer group's partitions)", () => {
    const d = [order({ offset: 0, processedAt: T0 + 2500, replica: 'inventory-2' }), order({ offset: 1, processedAt: T0 + 3000, replica: 'inventory-2' })];
    expect(addedReplicas([add('inventory-2', T0), add('inventory-3', T0)], d)).toEqual([
      { replica: 'inventory-2', at: T0, firstRecordMs: 2500 },
      { replica: 'inventory-3', at: T0, firstRecordMs: null },
    ]);
  });
});

describe('sharingNotes', () => {
  const result = (over: Partial<CellResult>) =>
    ({ raw: { cell: { name: 'p1-r4-share' }, repeat: 2 }, faults: [], keyOrder: null, redelivery: null, ...over }) as unknown as CellResult;

  it('says what a share group cost in words, and nothing for a consumer group that kept every key in order', () => {
    const kill = { action: 'killReplica(inventory-1)', redelivery: { records: 3, delayMs: 612 } } as unknown as FaultEffect;
    expect(
      sharingNotes([
        result({ redelivery: { records: 4, deliveryCountMax: 2 }, faults: [kill], keyOrder: { violations: 9, keys: 40, keysAffected: 5 } }),
        result({ keyOrder: { violations: 0, keys: 40, keysAffected: 0 } }),
      ]),
    ).toEqual([
      'p1-r4-share#2 share group: 4 records delivered again (delivery count up to 2), the last 612 ms after killReplica(inventory-1); 9 orders processed ahead of an earlier order of their product (5 of 40 products)',
    ]);
  });
});
