/**
 * The journals are a claim the project's replicas make about themselves; Kafka's committed
 * offsets are the check. Pure: from both results of one cell, where they agree and where not.
 */
import type { KafkaSideResult } from './from-kafka.ts';
import type { ReplicaPhase } from './phases.ts';

/** The journal's side of the comparison: what the replicas say they processed, and their longest pause. */
export interface JournalFigures {
  consumers: readonly ReplicaPhase[];
  rebalancePauseMaxMs: number | null;
}

export const THROUGHPUT_TOLERANCE_PCT = 2;

export interface Agreement {
  journalProcessed: number;
  kafkaCommitted: number;
  processedDiffPct: number | null;
  /** Per replica and phase: the larger relative difference of throughput, partition-owning replicas only. */
  throughputDiffMaxPct: number | null;
  journalPauseMaxMs: number | null;
  kafkaPauseMaxMs: number | null;
  pauseDiffMs: number | null;
  /** Each figure against its tolerance: 2% for counts and throughput, the stated resolution for pauses. */
  disagreements: string[];
}

const pct = (a: number, b: number) => (b === 0 ? (a === 0 ? 0 : 100) : (Math.abs(a - b) / b) * 100);

/**
 * `shareGroup`: the pauses are not compared. A share partition's start offset, Kafka's measure of
 * its progress, stays below any record that is acquired and unacknowledged, so it stands still
 * while the members process the records above it (a dead member's records hold it until they come
 * back): a stall of the start offset, not a pause in processing.
 */
export function agreement(journal: JournalFigures, kafka: KafkaSideResult, shareGroup = false): Agreement {
  const journalProcessed = journal.consumers.reduce((n, c) => n + c.processed, 0);
  const kafkaCommitted = kafka.committedInWindow;
  const processedDiffPct = journalProcessed + kafkaCommitted === 0 ? null : pct(kafkaCommitted, journalProcessed);
  let throughputDiffMaxPct: number | null = null;
  for (const c of journal.consumers) {
    if (c.processed === 0) continue;
    const mine = kafka.members.filter((m) => m.phase === c.phase && m.replica === c.replica);
    // A member of shared partitions has no throughput of its own from Kafka: nothing to check against.
    if (mine.some((m) => m.throughputPerS === null)) continue;
    const k = mine.reduce((n, m) => n + (m.throughputPerS ?? 0), 0);
    throughputDiffMaxPct = Math.max(throughputDiffMaxPct ?? 0, pct(k, c.throughputPerS));
  }
  const journalPauseMaxMs = journal.rebalancePauseMaxMs;
  const kafkaPauseMaxMs = kafka.pauseMaxMs;
  const pauseDiffMs = journalPauseMaxMs !== null && kafkaPauseMaxMs !== null ? kafkaPauseMaxMs - journalPauseMaxMs : null;
  const disagreements: string[] = [];
  if (processedDiffPct !== null && processedDiffPct > THROUGHPUT_TOLERANCE_PCT)
    disagreements.push(`processed: journals ${journalProcessed}, Kafka committed ${kafkaCommitted} (${processedDiffPct.toFixed(1)}% apart)`);
  if (throughputDiffMaxPct !== null && throughputDiffMaxPct > THROUGHPUT_TOLERANCE_PCT)
    disagreements.push(`per-replica throughput up to ${throughputDiffMaxPct.toFixed(1)}% apart`);
  if (!shareGroup && pauseDiffMs !== null && kafka.resolutionMs !== null && Math.abs(pauseDiffMs) > kafka.resolutionMs) {
    disagreements.push(`pause max: journals ${journalPauseMaxMs} ms, Kafka ${kafkaPauseMaxMs} ms (resolution ${kafka.resolutionMs} ms)`);
  }
  return { journalProcessed, kafkaCommitted, processedDiffPct, throughputDiffMaxPct, journalPauseMaxMs, kafkaPauseMaxMs, pauseDiffMs, disagreements };
}
