import type { CellResult } from '../../analysis/cell.ts';
import type { KafkaSideResult } from '../../analysis/from-kafka.ts';
import { num, type CsvValue } from './format.ts';

/**
 * kafka-partitions.csv: one row per partition an alter added, whether or not a rebalance gave it
 * an owner, so a partition that never got a record is a row with 0, not a missing one.
 */
export const KAFKA_PARTITION_COLUMNS = [
  'cell',
  'repeat',
  'action',
  'at_s',
  'partition',
  'records',
  'first_appended_ms',
  'first_record_ms',
  'first_record_resolution_ms',
] as const;

export function kafkaPartitionRows(r: CellResult, k: KafkaSideResult): CsvValue[][] {
  const from = r.raw.times.measureFrom ?? r.raw.times.end;
  const since = (alteredAt: number, t: number | null) => (t === null ? '' : num(t - alteredAt, 0));
  return k.addedPartitions.map((p) => [
    r.raw.cell.name,
    r.raw.repeat,
    p.action,
    num((p.alteredAt - from) / 1000, 3),
    p.partition,
    p.records ?? '',
    since(p.alteredAt, p.firstAppendedAt),
    since(p.alteredAt, p.firstCommittedAt),
    p.firstCommittedAt === null ? '' : num(k.resolutionMs),
  ]);
}
