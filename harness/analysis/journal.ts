import { existsSync, readFileSync } from 'node:fs';

/**
 * The inventory replicas' journal (services/inventory/journal.ts writes it): one JSON line per
 * processed order, skipped poison message and group event, written before the offset commits,
 * so a SIGKILLed replica's work is still on disk.
 */
export interface ProcessedOrder {
  orderId: string;
  partition: number;
  offset: number;
  createdAt: number;
  processedAt: number;
  qty: number;
  replica: string;
  member: string;
}

export interface GroupEvent {
  type: 'join' | 'revoked' | 'assigned' | 'crash' | 'stop';
  at: number;
  replica: string;
  memberId: string;
  generationId: number | null;
  partitions: number[];
  durationMs: number | null;
}

export interface Journal {
  orders: ProcessedOrder[];
  poison: number;
  events: GroupEvent[];
}

export function readJournal(file: string, replica: string): Journal {
  const journal: Journal = { orders: [], poison: 0, events: [] };
  if (!existsSync(file)) return journal;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.length === 0) continue;
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue; // a line cut short by SIGKILL
    }
    if (entry.k === 'order') {
      journal.orders.push({
        orderId: String(entry.orderId),
        partition: Number(entry.partition),
        offset: Number(entry.offset),
        createdAt: Number(entry.createdAt),
        processedAt: Number(entry.processedAt),
        qty: entry.qty === undefined ? 1 : Number(entry.qty),
        replica,
        member: String(entry.member ?? ''),
      });
    } else if (entry.k === 'poison') {
      journal.poison++;
    } else if (entry.k === 'rebalance') {
      journal.events.push({
        type: entry.type as GroupEvent['type'],
        at: Number(entry.at),
        replica,
        memberId: String(entry.memberId ?? ''),
        generationId: typeof entry.generationId === 'number' ? entry.generationId : null,
        partitions: Array.isArray(entry.partitions) ? entry.partitions.map(Number) : [],
        durationMs: typeof entry.durationMs === 'number' ? entry.durationMs : null,
      });
    }
  }
  return journal;
}

export function mergeJournals(journals: Journal[]): Journal {
  return {
    orders: journals.flatMap((j) => j.orders).sort((a, b) => a.processedAt - b.processedAt),
    poison: journals.reduce((n, j) => n + j.poison, 0),
    events: journals.flatMap((j) => j.events).sort((a, b) => a.at - b.at),
  };
}
