import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { orderLine } from '../model/journal.ts';

/**
 * The accepted orders no replica's journal has yet, followed while the replicas still write: each
 * call reads only what the journals gained since the last (up to their last complete line) and
 * checks its order lines against the journal schema. Lines of other kinds, and lines that break
 * the schema, are passed over here: the analysis's reader (read.ts) reports those.
 */
export class JournalFollower {
  private readonly missing: Set<string>;
  /** Bytes of each journal file consumed so far, up to a newline. */
  private readonly read = new Map<string, number>();

  constructor(
    private readonly dir: string,
    orderIds: Iterable<string>,
  ) {
    this.missing = new Set(orderIds);
  }

  /** How many of the order ids are still in no journal, after reading what these journals gained. */
  unjournaled(journals: readonly { journal: string }[]): number {
    for (const { journal } of journals) {
      if (this.missing.size === 0) break;
      for (const line of this.newLines(path.join(this.dir, journal))) {
        if (!line.includes('"order"')) continue;
        let entry: unknown;
        try {
          entry = JSON.parse(line);
        } catch {
          continue;
        }
        const parsed = orderLine.safeParse(entry);
        if (parsed.success) this.missing.delete(parsed.data.orderId);
      }
    }
    return this.missing.size;
  }

  private newLines(file: string): string[] {
    if (!existsSync(file)) return [];
    const from = this.read.get(file) ?? 0;
    const size = statSync(file).size;
    if (size <= from) return [];
    const buffer = Buffer.alloc(size - from);
    const fd = openSync(file, 'r');
    try {
      readSync(fd, buffer, 0, buffer.length, from);
    } finally {
      closeSync(fd);
    }
    // A line still being written (no newline yet) is read again next time, whole.
    const end = buffer.lastIndexOf(0x0a);
    if (end < 0) return [];
    this.read.set(file, from + end + 1);
    return buffer.subarray(0, end).toString('utf8').split('\n');
  }
}
