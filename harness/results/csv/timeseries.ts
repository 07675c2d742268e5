import type { CellResult } from '../../analysis/cell.ts';
import type { CsvValue } from './format.ts';
import { capabilitiesOf } from '../../model/system.ts';

/** timeseries.csv, long form: one row per cell, repeat, second, metric and subject. */
export const TIMESERIES_COLUMNS = ['cell', 'repeat', 'second', 'metric', 'subject', 'value'] as const;

export function timeseriesRows(r: CellResult): CsvValue[][] {
  const rows = r.series.map((p) => [r.raw.cell.name, r.raw.repeat, p.second, p.metric, p.subject, p.value] as CsvValue[]);
  if (capabilitiesOf(r.raw.cell.system).writesJournal) return rows;
  // No journal: throughput and lag_seconds are the Kafka side's (committed progress, the tap's timestamps).
  const kafka = (r.kafkaSide?.kafka.series ?? []).map((p) => [r.raw.cell.name, r.raw.repeat, p.second, p.metric, p.subject, p.value] as CsvValue[]);
  return [...rows.filter((row) => row[3] !== 'throughput' && row[3] !== 'lag_seconds'), ...kafka];
}
