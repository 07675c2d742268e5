import { PRODUCER_FOLLOW_MARGIN_MS } from '../model/scenario.ts';
import type { AddedPartition } from './from-kafka/added-partitions.ts';

/** An added partition the producer did not follow to in time: no record at all, or a first one late. */
export interface ProducerGap {
  partition: number;
  action: string;
  alteredAt: number;
  /** Alter to the partition's first record; null: no record reached it. */
  firstRecordAfterMs: number | null;
  /** How long the load went on after the alter. */
  loadAfterMs: number;
}

/**
 * The added partitions no record reached, or reached later than the producer's metadata age
 * plus PRODUCER_FOLLOW_MARGIN_MS after the alter (its last refresh may have come just before
 * it). `metadataMaxAgeMs` null: the producer is not the harness's and its age is unknown, so only
 * a partition with no record at all is a gap. Alters after the load's end, and partitions whose
 * records were not observed, tell nothing about the producer.
 */
export function producerGaps(added: readonly AddedPartition[], metadataMaxAgeMs: number | null, loadEnd: number): ProducerGap[] {
  const gaps: ProducerGap[] = [];
  for (const p of added) {
    const loadAfterMs = loadEnd - p.alteredAt;
    if (loadAfterMs <= 0 || p.records === null) continue;
    const base = { partition: p.partition, action: p.action, alteredAt: p.alteredAt, loadAfterMs };
    if (p.records === 0) gaps.push({ ...base, firstRecordAfterMs: null });
    else if (metadataMaxAgeMs !== null && p.firstAppendedAt !== null && p.firstAppendedAt - p.alteredAt > metadataMaxAgeMs + PRODUCER_FOLLOW_MARGIN_MS)
      gaps.push({ ...base, firstRecordAfterMs: p.firstAppendedAt - p.alteredAt });
  }
  return gaps;
}
