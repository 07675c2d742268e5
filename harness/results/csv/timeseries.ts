import type { CellResult } from '../../analysis/cell.ts';
import type { CsvValue } from './format.ts';

/** timeseries.csv, long form: one row per cell, repeat, second, metric and subject. */
export const TIMESERIES_COLUMNS = ['cell', 'repeat', 'second', 'metric', 'subject', 'value'] as const;

export function timeseriesRows(r: CellResult): CsvValue[][] {
  return r.series.map((p) => [r.raw.cell.name, r.raw.repeat, p.second, p.metric, p.subject, p.value]);
}
