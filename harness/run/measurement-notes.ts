import type { CellResult } from '../analysis/cell.ts';
import { undrainedStepNote } from '../analysis/step-drain.ts';
import { unseenTakeoverNote } from '../analysis/takeovers.ts';
import { gapNotes } from './gap-notes.ts';

/**
 * Lines printed under the results table about how far a cell's figures can be trusted: probe
 * reads that failed (and which figures they coarsen), and where the project's journals and the
 * Kafka side disagree beyond their tolerance, kills whose takeover the run did not see, steps up
 * in the rate whose backlog was not worked off before the end, orders lost (which, and where the
 * tap found them in the topic); then what the figures leave out (gap-notes.ts).
 */
export function measurementNotes(results: readonly CellResult[]): string[] {
  const notes: string[] = [];
  for (const r of results) {
    const id = `${r.raw.cell.name}#${r.raw.repeat}`;
    const failed: string[] = [];
    const lag = r.raw.probeFailures?.lag.length ?? 0;
    const group = r.raw.probeFailures?.group.length ?? 0;
    const k = r.kafkaSide?.kafka.failures;
    if (lag > 0) failed.push(`lag ${lag} (lag_max, timeseries lag: a gap of a second each, never a 0)`);
    if (group > 0) failed.push(`group ${group} (membership samples)`);
    if (k && k.offsets > 0) failed.push(`committed offsets ${k.offsets} (Kafka-side throughput, pauses, lag, e2e bound: coarser by as many 200 ms intervals)`);
    if (k && k.group > 0) failed.push(`Kafka-side group ${k.group} (member attribution, idle members, rebalances)`);
    if (k && k.tap > 0) failed.push(`tap ${k.tap} (lag seconds, e2e bound, accounting may be incomplete)`);
    if (failed.length > 0) notes.push(`${id} probe failures: ${failed.join('; ')}`);
    for (const t of r.takeovers.filter((x) => x.takenOverAt === null)) notes.push(`${id} ${unseenTakeoverNote(t, r.raw.times.measureFrom ?? t.at)}`);
    for (const d of r.stepDrains.filter((x) => x.drainMs === null)) notes.push(`${id} ${undrainedStepNote(d, r.raw.times.measureFrom ?? d.at)}`);
    const disagreements = r.kafkaSide?.agreement?.disagreements ?? [];
    if (disagreements.length > 0) notes.push(`${id} journals and Kafka disagree: ${disagreements.join('; ')} (kafka-side.csv)`);
    const dj = r.raw.drainJournals;
    if (dj) notes.push(`${id} ${drainJournalsNote(dj)}`);
    if (r.accounting.lost > 0) notes.push(`${id} ${lostNote(r)}`);
    notes.push(...gapNotes(r));
  }
  return notes;
}

/** `5 orders lost: in the topic at 1:120, 1:121 ...`: an offset the tap saw is a record Kafka kept that no journal processed. */
export function lostNote(r: Pick<CellResult, 'accounting' | 'lostOrders'>): string {
  // No ids when the drain also left a backlog: which unprocessed orders are the lost ones cannot be told apart.
  if (r.lostOrders.length === 0)
    return `${r.accounting.lost} accepted orders processed by no replica and not in the backlog the drain left (not listed: the backlog hides which)`;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const listed = r.lostOrders.map((o) => (o.partition === null ? `${o.orderId} (not in the topic)` : `${o.partition}:${o.offset}`));
  const more = r.accounting.lost > r.lostOrders.length ? ` and ${r.accounting.lost - r.lostOrders.length} more` : '';
  const accepted = r.lostOrders.map((o) => o.acceptedAtMs);
  const when = accepted.length > 0 ? `, accepted ${seconds(Math.min(...accepted))} to ${seconds(Math.max(...accepted))} after the measurement began` : '';
  return `${r.accounting.lost} accepted orders processed by no replica (partition:offset) ${listed.join(', ')}${more}${when}`;
}

/** Kafka said the group had drained while the journals still lacked accepted orders. */
export function drainJournalsNote(d: NonNullable<CellResult['raw']['drainJournals']>): string {
  const after =
    d.caughtUpAt !== null
      ? `the replicas processed them within ${d.caughtUpAt - d.noLagAt} ms after`
      : `${d.left} were still in no journal at the drain's end (counted lost)`;
  return `Kafka reported no lag while ${d.behind} accepted orders were in no replica's journal; ${after}`;
}
