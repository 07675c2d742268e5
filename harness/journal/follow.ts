import path from 'node:path';
import { readJournal } from './read.ts';

/**
 * How many of these order ids no replica's journal has yet: the journals read as they are now,
 * while the replicas still write (a last line without its newline is passed over).
 */
export function unjournaled(dir: string, journals: readonly { journal: string; name: string }[], orderIds: ReadonlySet<string>): number {
  const missing = new Set(orderIds);
  for (const r of journals) for (const o of readJournal(path.join(dir, r.journal), r.name).orders) missing.delete(o.orderId);
  return missing.size;
}
