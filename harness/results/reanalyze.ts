import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { parseKafkaRelease } from '../model/kafka-version.ts';
import path from 'node:path';
import { analyzeCell, type CellResult } from '../analysis/cell.ts';
import { HarnessError } from '../model/errors.ts';
import { readCellInputs } from './cell-inputs.ts';
import { CSV_FILES, createResultsFolder, DEPLOY_CSV_FILES, KAFKA_CSV_FILES } from './folder.ts';

/** Reads back a cell's raw record, journals, accepted orders and tap, and analyzes them again. */
export function loadCellResult(cellDir: string, runKafkaVersion?: string): CellResult {
  const inputs = readCellInputs(cellDir);
  // Cells from before each recorded its broker: the run's one release (run.json) is theirs.
  if (inputs.raw.kafkaVersion === undefined && runKafkaVersion !== undefined) inputs.raw.kafkaVersion = runKafkaVersion;
  return analyzeCell(inputs);
}

/** run.json's versions.kafka when it names one release (a sweep over releases records each cell's own). */
function singleRelease(dir: string): string | undefined {
  try {
    const meta = JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8')) as { versions?: { kafka?: string } };
    const kafka = meta.versions?.kafka;
    return kafka && parseKafkaRelease(kafka) ? kafka : undefined;
  } catch {
    return undefined;
  }
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
  const release = singleRelease(dir);
  const results = cellDirs.map((d) => loadCellResult(d, release)).sort((a, b) => a.raw.times.setupStart - b.raw.times.setupStart);
  for (const { file } of [...Object.values(CSV_FILES), ...Object.values(KAFKA_CSV_FILES), ...Object.values(DEPLOY_CSV_FILES)])
    rmSync(path.join(dir, file), { force: true });
  rmSync(path.join(dir, 'histograms'), { recursive: true, force: true });
  const folder = createResultsFolder(dir);
  for (const r of results) folder.appendCell(r);
  return results;
}
