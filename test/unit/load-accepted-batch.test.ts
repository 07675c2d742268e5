import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { AcceptedColumns, appendAccepted, batchBuffers } from '../../harness/load/accepted-batch.ts';
import type { AcceptedOrder } from '../../harness/load/types.ts';

const order = (i: number): AcceptedOrder => ({ orderId: i % 7 === 0 ? `ordre-é-${i}-✓` : `order-${i}`, createdAt: 1_700_000_000_000 + i, intendedAt: 1_700_000_000_000.25 + i, status: i % 3 === 0 ? 201 : 200 });

describe('accepted orders as columns', () => {
  it('gives back every order pushed, in order, across growth and takes', () => {
    const columns = new AcceptedColumns();
    const sent = Array.from({ length: 5_000 }, (_, i) => order(i));
    const received: AcceptedOrder[] = [];
    for (const [i, o] of sent.entries()) {
      columns.push(o.orderId, o.createdAt, o.intendedAt, o.status);
      if (i === 1_999) appendAccepted(received, columns.take());
    }
    expect(columns.size).toBe(3_000);
    appendAccepted(received, columns.take());
    expect(columns.size).toBe(0);
    expect(received).toEqual(sent);
    const empty: AcceptedOrder[] = [];
    appendAccepted(empty, columns.take());
    expect(empty).toEqual([]);
  });

  it('survives a postMessage that transfers its buffers, and the columns go on after it', async () => {
    const columns = new AcceptedColumns();
    for (let i = 0; i < 10; i++) columns.push(order(i).orderId, order(i).createdAt, order(i).intendedAt, order(i).status);
    const { port1, port2 } = new MessageChannel();
    const batch = columns.take();
    const arrived = new Promise<AcceptedOrder[]>((resolve) =>
      port2.once('message', (b) => {
        const out: AcceptedOrder[] = [];
        appendAccepted(out, b);
        resolve(out);
      }),
    );
    port1.postMessage(batch, batchBuffers(batch));
    expect(batch.ids.byteLength).toBe(0); // transferred, not copied
    expect(await arrived).toEqual(Array.from({ length: 10 }, (_, i) => order(i)));
    columns.push('next', 1, 2, 201);
    const after: AcceptedOrder[] = [];
    appendAccepted(after, columns.take());
    expect(after).toEqual([{ orderId: 'next', createdAt: 1, intendedAt: 2, status: 201 }]);
    port1.close();
  });
});
