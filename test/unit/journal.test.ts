import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJournal } from '../../harness/journal/read.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ksb-journal-'));
const file = (name: string, lines: unknown[], tail = '\n') => {
  const f = path.join(dir, name);
  writeFileSync(f, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + tail);
  return f;
};
const header = { k: 'journal', v: 2, replica: 'inventory-0', client: 'java', groupProtocol: 'consumer', assignor: 'uniform', pid: 1, at: 1 };
const order = { k: 'order', orderId: 'o1', partition: 0, offset: '7', createdAt: 10, processedAt: 12, member: 'm', productId: 1, qty: 2 };
const revoked = { k: 'rebalance', type: 'revoked', at: 20, memberId: 'm', generationId: 4, partitions: [1], owned: [0], durationMs: null };

describe('the journal schema', () => {
  it('reads a version 2 journal: header, orders, incremental revokes', () => {
    const j = readJournal(file('ok.ndjson', [header, order, revoked]), 'inventory-0');
    expect(j.header).toMatchObject({ client: 'java', groupProtocol: 'consumer' });
    expect(j.orders).toEqual([
      { orderId: 'o1', partition: 0, offset: 7, createdAt: 10, processedAt: 12, qty: 2, productId: 1, replica: 'inventory-0', member: 'm' },
    ]);
    expect(j.events).toEqual([
      { type: 'revoked', at: 20, replica: 'inventory-0', memberId: 'm', generationId: 4, partitions: [1], owned: [0], durationMs: null },
    ]);
  });

  it('rejects a malformed line with the file and line number', () => {
    const f = file('bad.ndjson', [header, order, { ...revoked, owned: 'all' }]);
    expect(() => readJournal(f, 'r')).toThrow(`${f}:3: owned:`);
    const g = file('bad2.ndjson', [header, '{"k":"order",', order]);
    expect(() => readJournal(g, 'r')).toThrow(`${g}:2: not JSON`);
    const h = file('bad3.ndjson', [{ ...header, v: 3 }]);
    expect(() => readJournal(h, 'r')).toThrow('journal version 3');
  });

  it('passes over a last line cut short by SIGKILL', () => {
    const j = readJournal(file('cut.ndjson', [header, order, '{"k":"order","orderId":"o2"'], ''), 'r');
    expect(j.orders).toHaveLength(1);
  });

  it('reads a version 1 journal (no header, kafkajs, eager): a revoke leaves nothing owned', () => {
    const { owned: _o, ...v1 } = revoked;
    const j = readJournal(
      file('v1.ndjson', [
        { ...order, qty: undefined },
        { ...v1, partitions: [0, 1] },
      ]),
      'r',
    );
    expect(j.header).toBeNull();
    expect(j.orders[0]!.qty).toBe(1);
    expect(j.events[0]!.owned).toEqual([]);
  });
});
