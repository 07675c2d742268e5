import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { AcceptedColumns, appendAccepted, batchBuffers, CHUNK_ORDERS, type AcceptedBatch } from '../../harness/load/accepted-batch.ts';
import type { AcceptedOrder } from '../../harness/model/load.ts';

const order = (i: number): AcceptedOrder => ({
  orderId: i % 7 === 0 ? `ordre-é-${i}-✓` : `order-${i}`,
  createdAt: 1_700_000_000_000 + i,
  intendedAt: 1_700_000_000_000.25 + i,
  status: i % 3 === 0 ? 201 : 200,
});
const push = (columns: AcceptedColumns, o: AcceptedOrder) => columns.push(o.orderId, o.createdAt, o.intendedAt, o.status);
const orders = (batches: AcceptedBatch[]): AcceptedOrder[] => {
  const out: AcceptedOrder[] = [];
  for (const b of batches) appendAccepted(out, b);
  return out;
};

describe('accepted orders as columns', () => {
  it('gives back every order pushed, in order: full chunks as they fill, the rest at the end', () => {
    const columns = new AcceptedColumns();
    const sent = Array.from({ length: 2 * CHUNK_ORDERS + 100 }, (_, i) => order(i));
    const received: AcceptedOrder[] = [];
    for (const [i, o] of sent.entries()) {
      push(columns, o);
      if (i === CHUNK_ORDERS - 1) expect(columns.takeFull()).toEqual([]); // full, not yet sealed
      if (i === CHUNK_ORDERS + 9) {
        const full = columns.takeFull();
        expect(full.map((b) => b.count)).toEqual([CHUNK_ORDERS]);
        received.push(...orders(full));
      }
    }
    expect(columns.size).toBe(CHUNK_ORDERS + 100);
    received.push(...orders(columns.takeAll()));
    expect(columns.size).toBe(0);
    expect(received).toEqual(sent);
    expect(columns.takeAll()).toEqual([]);
  });

  it('starts a chunk early for an id longer than the room left, and fits an id of any length', () => {
    const columns = new AcceptedColumns();
    const long = 'x'.repeat(CHUNK_ORDERS * 60);
    const sent = [order(1), { ...order(2), orderId: long }, order(3)];
    for (const o of sent) push(columns, o);
    const batches = columns.takeAll();
    expect(batches.map((b) => b.count)).toEqual([1, 2]);
    expect(orders(batches)).toEqual(sent);
  });

  it('survives a postMessage that transfers its buffers (one per chunk), and the columns go on after it', async () => {
    const columns = new AcceptedColumns();
    for (let i = 0; i < 10; i++) push(columns, order(i));
    const { port1, port2 } = new MessageChannel();
    const batches = columns.takeAll();
    const arrived = new Promise<AcceptedOrder[]>((resolve) => port2.once('message', (b: AcceptedBatch[]) => resolve(orders(b))));
    expect(batchBuffers(batches)).toHaveLength(1);
    port1.postMessage(batches, batchBuffers(batches));
    expect(batches[0]!.ids.byteLength).toBe(0); // transferred, not copied
    expect(await arrived).toEqual(Array.from({ length: 10 }, (_, i) => order(i)));
    columns.push('next', 1, 2, 201);
    expect(orders(columns.takeAll())).toEqual([{ orderId: 'next', createdAt: 1, intendedAt: 2, status: 201 }]);
    port1.close();
  });
});
