import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JournalFollower } from '../../harness/journal/follow.ts';
import { drainJournalsNote, lostNote } from '../../harness/run/measurement-notes.ts';
import type { Accounting } from '../../harness/analysis/accounting.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ksb-follow-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const header = { k: 'journal', v: 2, replica: 'inventory-0', client: 'java', groupProtocol: 'share', assignor: 'simple', pid: 1, at: 1 };
const order = (orderId: string, offset: number) => ({
  k: 'order',
  orderId,
  partition: 0,
  offset: String(offset),
  createdAt: 1,
  processedAt: 2,
  member: 'm',
  productId: 1,
  qty: 1,
  dc: 1,
});
const line = (o: object) => `${JSON.stringify(o)}\n`;

describe('the journals as the replicas write them', () => {
  it('counts the accepted orders no journal has yet, passing over a line still being written', () => {
    writeFileSync(path.join(dir, 'journal-inventory-0.ndjson'), line(header) + line(order('a', 0)) + JSON.stringify(order('b', 1)).slice(0, 20));
    writeFileSync(path.join(dir, 'journal-inventory-1.ndjson'), line({ ...header, replica: 'inventory-1' }) + line(order('c', 2)));
    const replicas = [
      { name: 'inventory-0', journal: 'journal-inventory-0.ndjson' },
      { name: 'inventory-1', journal: 'journal-inventory-1.ndjson' },
      { name: 'inventory-2', journal: 'journal-inventory-2.ndjson' },
    ];
    const follower = new JournalFollower(dir, ['a', 'b', 'c', 'd']);
    expect(follower.unjournaled(replicas)).toBe(2);
    expect(new JournalFollower(dir, ['a', 'c']).unjournaled(replicas)).toBe(0);
    // The line finished, one more appended: read from where the last call stopped, the cut line whole.
    appendFileSync(path.join(dir, 'journal-inventory-0.ndjson'), `${JSON.stringify(order('b', 1)).slice(20)}\n${line(order('d', 3))}`);
    expect(follower.unjournaled(replicas)).toBe(0);
  });
});

describe('the notes under the table', () => {
  it('names each lost order by partition and offset, or says the topic did not have it', () => {
    const accounting = { lost: 3 } as Accounting;
    const lostOrders = [
      { orderId: 'x', acceptedAtMs: 12_300, partition: 1, offset: 120 },
      { orderId: 'y', acceptedAtMs: 12_400, partition: null, offset: null },
    ];
    expect(lostNote({ accounting, lostOrders })).toBe(
      '3 accepted orders processed by no replica (partition:offset) 1:120, y (not in the topic) and 1 more, accepted 12.3 s to 12.4 s after the measurement began',
    );
    // The accounting lists no ids when the drain left a backlog: the line says so rather than list nothing.
    expect(lostNote({ accounting, lostOrders: [] })).toBe(
      '3 accepted orders processed by no replica and not in the backlog the drain left (not listed: the backlog hides which)',
    );
  });

  it('says when Kafka reported no lag before the journals had every order, and whether they came', () => {
    expect(drainJournalsNote({ noLagAt: 1000, behind: 5, caughtUpAt: 1800, left: 0 })).toBe(
      "Kafka reported no lag while 5 accepted orders were in no replica's journal; the replicas processed them within 800 ms after",
    );
    expect(drainJournalsNote({ noLagAt: 1000, behind: 5, caughtUpAt: null, left: 5 })).toBe(
      "Kafka reported no lag while 5 accepted orders were in no replica's journal; 5 were still in no journal at the drain's end (counted lost)",
    );
  });
});
