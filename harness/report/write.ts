import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { reportData } from './data.ts';
import { renderReport } from './html.ts';

export const REPORT_FILE = 'report.html';

/** Writes <dir>/report.html from a results folder and returns its path. Synchronous, no network. */
export function writeReport(dir: string): string {
  const file = path.join(dir, REPORT_FILE);
  writeFileSync(file, renderReport(reportData(dir)));
  return file;
}
