import type { CellResult } from '../../analysis/cell.ts';
import { clientColumns, num, type CsvValue } from './format.ts';
import { capabilitiesOf } from '../../model/system.ts';

/** rebalances.csv: one row per rebalance (a scaling event of one or more rounds under load) and partition. */
export const REBALANCE_COLUMNS = [
  'cell',
  'repeat',
  'generation',
  'trigger',
  'trigger_at_s',
  'start_s',
  'end_s',
  'detection_ms',
  'join_ms',
  'partition',
  'owner_before',
  'owner_after',
  'pause_ms',
  'resume_ms',
  'client',
  'group_protocol',
  'assignor',
  'moved',
  'rounds',
  'first_order_ms',
] as const;

export function rebalanceRows(r: CellResult): CsvValue[][] {
  // A system that writes no journal has its rebalances in kafka-pauses.csv.
  if (!capabilitiesOf(r.raw.cell.system).writesJournal) return [];
  const origin = r.raw.times.measureFrom ?? 0;
  const s = (t: number | null) => (t === null ? '' : num((t - origin) / 1000));
  return r.rebalances.flatMap((b) =>
    (b.partitions.length > 0 ? b.partitions : [null]).map((p) => [
      r.raw.cell.name,
      r.raw.repeat,
      b.generation,
      b.trigger,
      s(b.triggerAt),
      s(b.start),
      s(b.end),
      num(b.detectionMs, 0),
      num(b.joinMs, 0),
      p?.partition ?? '',
      p?.ownerBefore ?? '',
      p?.ownerAfter ?? '',
      num(p?.pauseMs ?? null, 0),
      num(p?.resumeMs ?? null, 0),
      ...clientColumns(r),
      p ? p.moved : '',
      b.rounds.map((x) => x.generation).join(' '),
      num(p?.firstOrderMs ?? null, 0),
    ]),
  );
}
