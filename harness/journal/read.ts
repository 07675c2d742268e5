import { existsSync, readFileSync } from 'node:fs';
import type { z } from 'zod';
import { HarnessError } from '../model/errors.ts';
import { JOURNAL_VERSION, journalLine, legacyJournalLine, type HeaderLine, type RebalanceType } from '../model/journal.ts';

/** A processed order as the analysis sees it: the journal line plus which replica wrote it. */
export interface ProcessedOrder {
  orderId: string;
  partition: number;
  offset: number;
  createdAt: number;
  processedAt: number;
  qty: number;
  productId: number;
  /** A share group's delivery count (1 the first time the record was acquired); absent for a consumer group's member. */
  deliveryCount?: number;
  replica: string;
  member: string;
}

export interface GroupEvent {
  type: RebalanceType;
  at: number;
  replica: string;
  memberId: string;
  generationId: number | null;
  /** The partitions this step concerns (added, revoked, lost...). */
  partitions: number[];
  /** The member's whole assignment after the step. */
  owned: number[];
  durationMs: number | null;
}

export interface Journal {
  /** null for a version 1 journal (no header line) or an empty file. */
  header: HeaderLine | null;
  orders: ProcessedOrder[];
  poison: number;
  events: GroupEvent[];
}

/**
 * Reads and validates a replica's journal. A line that breaks the schema is an error naming the
 * file and line; only a last line without its newline (cut short by SIGKILL) is passed over.
 * A missing file is an empty journal: a replica that never started wrote nothing.
 */
export function readJournal(file: string, replica: string): Journal {
  const journal: Journal = { header: null, orders: [], poison: 0, events: [] };
  if (!existsSync(file)) return journal;
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const cutShort = !text.endsWith('\n');
  let version: 1 | 2 | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.length === 0) continue;
    const where = `${file}:${i + 1}`;
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      if (cutShort && i === lines.length - 1) break;
      throw invalid(where, 'not JSON');
    }
    if (version === undefined) version = (entry as { k?: unknown } | null)?.k === 'journal' ? 2 : 1;
    if (version === 2) {
      const parsed = journalLine.safeParse(entry);
      if (!parsed.success) {
        const v = (entry as { v?: unknown }).v;
        if ((entry as { k?: unknown }).k === 'journal' && v !== JOURNAL_VERSION)
          throw invalid(where, `journal version ${JSON.stringify(v)}; this harness reads version ${JOURNAL_VERSION}`);
        throw invalid(where, describe(parsed.error));
      }
      const l = parsed.data;
      if (l.k === 'journal') {
        // A replica restarted in place (restartReplica) appends to its own journal: its new
        // process starts with a header naming the same replica. Another replica's is an error.
        if (i !== firstLine(lines) && l.replica !== journal.header?.replica) throw invalid(where, 'a second header line for another replica');
        journal.header ??= l;
      } else if (l.k === 'order') {
        journal.orders.push(toOrder(l, replica));
      } else if (l.k === 'poison') {
        journal.poison++;
      } else {
        journal.events.push({
          type: l.type,
          at: l.at,
          replica,
          memberId: l.memberId,
          generationId: l.generationId,
          partitions: [...l.partitions],
          owned: [...l.owned].sort((a, b) => a - b),
          durationMs: l.durationMs,
        });
      }
    } else {
      const parsed = legacyJournalLine.safeParse(entry);
      if (!parsed.success) throw invalid(where, describe(parsed.error));
      const l = parsed.data;
      if (l.k === 'order') journal.orders.push(toOrder(l, replica));
      else if (l.k === 'poison') journal.poison++;
      else {
        // Version 1 was kafkajs only: eager, so a revoke, crash or stop left nothing owned.
        const owned = l.type === 'assigned' ? [...l.partitions].sort((a, b) => a - b) : [];
        journal.events.push({
          type: l.type,
          at: l.at,
          replica,
          memberId: l.memberId,
          generationId: l.generationId,
          partitions: [...l.partitions],
          owned,
          durationMs: l.durationMs,
        });
      }
    }
  }
  return journal;
}

function toOrder(
  l: {
    orderId: string;
    partition: number;
    offset: string;
    createdAt: number;
    processedAt: number;
    qty: number;
    productId: number;
    member: string;
    dc?: number | undefined;
  },
  replica: string,
): ProcessedOrder {
  return {
    orderId: l.orderId,
    partition: l.partition,
    offset: Number(l.offset),
    createdAt: l.createdAt,
    processedAt: l.processedAt,
    qty: l.qty,
    productId: l.productId,
    ...(l.dc !== undefined ? { deliveryCount: l.dc } : {}),
    replica,
    member: l.member,
  };
}

function firstLine(lines: string[]): number {
  return lines.findIndex((l) => l.length > 0);
}

function describe(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'line'}: ${issue.message}`).join('; ');
}

function invalid(where: string, why: string): HarnessError {
  return new HarnessError('JOURNAL_INVALID', `${where}: ${why}`, {
    hint: 'a replica journal is NDJSON in the schema of harness/model/journal.ts; a client that writes it must follow that schema',
  });
}

export function mergeJournals(journals: Journal[]): Journal {
  return {
    header: null,
    orders: journals.flatMap((j) => j.orders).sort((a, b) => a.processedAt - b.processedAt),
    poison: journals.reduce((n, j) => n + j.poison, 0),
    events: journals.flatMap((j) => j.events).sort((a, b) => a.at - b.at),
  };
}
