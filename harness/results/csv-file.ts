import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import type { CsvValue } from './csv/format.ts';

// Booleans as true/false, not csv-stringify's default 1/''.
const toCsv = (rows: CsvValue[][]) => stringify(rows, { cast: { boolean: (v) => String(v) } });

/** Appends rows, writing the header first when the file is new: a sweep's CSV grows cell by cell. */
export function appendCsv(file: string, columns: readonly string[], rows: CsvValue[][]): void {
  const header = existsSync(file) ? '' : toCsv([[...columns]]);
  appendFileSync(file, header + (rows.length > 0 ? toCsv(rows) : ''));
}

export function writeCsv(file: string, columns: readonly string[], rows: CsvValue[][]): void {
  writeFileSync(file, toCsv([[...columns], ...rows]));
}
