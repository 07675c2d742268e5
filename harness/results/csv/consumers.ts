import type { CellResult } from '../../analysis/cell.ts';
import { clientColumns, list, num, type CsvValue } from './format.ts';
import { capabilitiesOf } from '../../model/system.ts';

/** consumers.csv: one row per cell, repeat, phase and replica. */
export const CONSUMER_COLUMNS = [
  'cell',
  'repeat',
  'phase',
  'phase_start_s',
  'phase_end_s',
  'replica',
  'member_id',
  'alive',
  'partitions',
  'processed',
  'throughput_per_s',
  'stock_decrement',
  'client',
  'group_protocol',
  'assignor',
] as const;

export function consumerRows(r: CellResult): CsvValue[][] {
  // A system that writes no journal has its members in kafka-members.csv, never 0 here.
  if (!capabilitiesOf(r.raw.cell.system).writesJournal) return [];
  const origin = r.raw.times.measureFrom ?? 0;
  return r.consumers.map((c) => {
    const phase = r.phases[c.phase]!;
    return [
      r.raw.cell.name,
      r.raw.repeat,
      c.phase,
      num((phase.from - origin) / 1000),
      num((phase.to - origin) / 1000),
      c.replica,
      c.memberId,
      c.alive,
      list(c.partitions),
      c.processed,
      num(c.throughputPerS, 2),
      c.stockDecrement,
      ...clientColumns(r),
    ];
  });
}
