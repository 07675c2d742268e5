import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { CellResult } from '../analysis/cell.ts';
import { CONSUMER_COLUMNS, consumerRows } from './csv/consumers.ts';
import type { CsvValue } from './csv/format.ts';
import { HISTOGRAM_COLUMNS, histogramRows } from './csv/histogram.ts';
import { FAULT_COLUMNS, faultRows } from './csv/faults.ts';
import { REBALANCE_COLUMNS, rebalanceRows } from './csv/rebalances.ts';
import { SUMMARY_COLUMNS, summaryRow } from './csv/summary.ts';
import { TIMESERIES_COLUMNS, timeseriesRows } from './csv/timeseries.ts';
import type { RawCell } from '../model/raw-cell.ts';
import type { RunMeta } from './meta.ts';

/**
 * results/<timestamp>-<scenario>/: run.json, raw/<cell>-<repeat>/ (what was measured, written
 * first), then the CSV files, appended cell by cell so an interrupted sweep keeps every
 * finished cell.
 */
export interface ResultsFolder {
  dir: string;
  rawDir(cell: string, repeat: number): string;
  writeRaw(raw: RawCell): void;
  appendCell(result: CellResult): void;
  writeMeta(meta: RunMeta): void;
}

export const CSV_FILES = {
  summary: { file: 'summary.csv', columns: SUMMARY_COLUMNS },
  consumers: { file: 'consumers.csv', columns: CONSUMER_COLUMNS },
  timeseries: { file: 'timeseries.csv', columns: TIMESERIES_COLUMNS },
  rebalances: { file: 'rebalances.csv', columns: REBALANCE_COLUMNS },
  faults: { file: 'faults.csv', columns: FAULT_COLUMNS },
} as const;

export function runFolderName(scenario: string, startedAt: Date): string {
  const stamp = startedAt.toISOString().replace(/[:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${scenario}`;
}

export function createResultsFolder(dir: string): ResultsFolder {
  mkdirSync(path.join(dir, 'raw'), { recursive: true });
  mkdirSync(path.join(dir, 'histograms'), { recursive: true });
  // Headers first: a run that fails every cell still leaves files a reader can open.
  for (const { file, columns } of Object.values(CSV_FILES)) appendCsv(path.join(dir, file), columns, []);
  const rawDir = (cell: string, repeat: number) => path.join(dir, 'raw', `${cell}-${repeat}`);
  return {
    dir,
    rawDir,
    writeRaw(raw) {
      const folder = rawDir(raw.cell.name, raw.repeat);
      mkdirSync(folder, { recursive: true });
      writeFileSync(path.join(folder, 'cell.json'), `${JSON.stringify(raw, null, 2)}\n`);
    },
    appendCell(result) {
      const { name } = result.raw.cell;
      const { repeat } = result.raw;
      appendCsv(path.join(dir, CSV_FILES.summary.file), SUMMARY_COLUMNS, [summaryRow(result)]);
      appendCsv(path.join(dir, CSV_FILES.consumers.file), CONSUMER_COLUMNS, consumerRows(result));
      appendCsv(path.join(dir, CSV_FILES.timeseries.file), TIMESERIES_COLUMNS, timeseriesRows(result));
      appendCsv(path.join(dir, CSV_FILES.rebalances.file), REBALANCE_COLUMNS, rebalanceRows(result));
      appendCsv(path.join(dir, CSV_FILES.faults.file), FAULT_COLUMNS, faultRows(result));
      writeCsv(path.join(dir, 'histograms', `${name}-${repeat}-e2e.csv`), HISTOGRAM_COLUMNS, histogramRows(result.e2e));
      writeCsv(path.join(dir, 'histograms', `${name}-${repeat}-http.csv`), HISTOGRAM_COLUMNS, histogramRows(result.http));
    },
    writeMeta(meta) {
      writeFileSync(path.join(dir, 'run.json'), `${JSON.stringify(meta, null, 2)}\n`);
    },
  };
}

// Booleans as true/false, not csv-stringify's default 1/''.
const toCsv = (rows: CsvValue[][]) => stringify(rows, { cast: { boolean: (v) => String(v) } });

function appendCsv(file: string, columns: readonly string[], rows: CsvValue[][]): void {
  const header = existsSync(file) ? '' : toCsv([[...columns]]);
  appendFileSync(file, header + (rows.length > 0 ? toCsv(rows) : ''));
}

function writeCsv(file: string, columns: readonly string[], rows: CsvValue[][]): void {
  writeFileSync(file, toCsv([[...columns], ...rows]));
}
