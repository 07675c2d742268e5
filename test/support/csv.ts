import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

/** Rows of a CSV file as objects keyed by its header. */
export function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

export function readHeader(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n')[0]!.split(',');
}
