import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { analyzeCell, type CellResult } from '../analysis/cell.ts';
import { readJournal } from '../analysis/journal.ts';
import { HarnessError } from '../model/errors.ts';
import type { AcceptedOrder } from '../model/load.ts';
import { CSV_FILES, createResultsFolder } from './folder.ts';
import { appendKafkaSide, KAFKA_CSV_FILES, kafkaSideOf } from './kafka-side.ts';
import type { RawCell } from '../model/raw-cell.ts';

/** Reads back a cell's raw record, journals and accepted orders, and analyzes them again. */
export function loadCellResult(cellDir: string): CellResult {
  const raw = JSON.parse(readFileSync(path.join(cellDir, 'cell.json'), 'utf8')) as RawCell;
  const acceptedFile = path.join(cellDir, 'accepted.ndjson');
  const accepted = existsSync(acceptedFile)
    ? readFileSync(acceptedFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as AcceptedOrder)
    : [];
  // An external system writes no journal.
  const journals = raw.cell.system?.kind === 'external' ? [] : raw.replicas.map((r) => readJournal(path.join(cellDir, r.journal), r.name));
  const result = analyzeCell(raw, journals, accepted);
  const kafkaSide = kafkaSideOf(result, cellDir, accepted);
  if (kafkaSide) result.kafkaSide = kafkaSide;
  return result;
}

/**
 * Rewrites a run folder's CSV files from its raw/ records: the analysis can change (or be
 * fixed) without measuring again. Cells keep the order in which they ran.
 */
export function reanalyze(dir: string): CellResult[] {
  const rawRoot = path.join(dir, 'raw');
  if (!existsSync(rawRoot)) throw new HarnessError('RESULTS_INVALID', `${dir} has no raw/ folder: not a results folder of npm run bench`);
  const cellDirs = readdirSync(rawRoot)
    .map((name) => path.join(rawRoot, name))
    .filter((d) => existsSync(path.join(d, 'cell.json')));
  const results = cellDirs.map(loadCellResult).sort((a, b) => a.raw.times.setupStart - b.raw.times.setupStart);
  for (const { file } of [...Object.values(CSV_FILES), ...Object.values(KAFKA_CSV_FILES)]) rmSync(path.join(dir, file), { force: true });
  rmSync(path.join(dir, 'histograms'), { recursive: true, force: true });
  const folder = createResultsFolder(dir);
  for (const r of results) {
    folder.appendCell(r);
    if (r.kafkaSide) appendKafkaSide(dir, r, r.kafkaSide);
  }
  return results;
}
