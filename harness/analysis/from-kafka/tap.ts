import type { TapRecord } from '../../model/kafka-observation.ts';

/** The tap's records, each offset once, and the record at a partition's offset. */
export interface TapIndex {
  records: readonly TapRecord[];
  at(partition: number, offset: number): TapRecord | undefined;
}

/** The tap may read an offset twice (its own group rebalances when partitions are added): the last read stands. */
export function indexTap(tapped: readonly TapRecord[]): TapIndex {
  const byOffset = new Map<string, TapRecord>();
  for (const r of tapped) byOffset.set(`${r.p}:${r.o}`, r);
  return { records: [...byOffset.values()], at: (partition, offset) => byOffset.get(`${partition}:${offset}`) };
}
