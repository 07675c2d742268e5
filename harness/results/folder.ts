import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CellResult } from '../analysis/cell.ts';
import { CONSUMER_COLUMNS, consumerRows } from './csv/consumers.ts';
import { HISTOGRAM_COLUMNS, histogramRows } from './csv/histogram.ts';
import { DEPLOY_COLUMNS, deployRows } from './csv/deploys.ts';
import { FAULT_COLUMNS, faultRows } from './csv/faults.ts';
import { REBALANCE_COLUMNS, rebalanceRows } from './csv/rebalances.ts';
import { SUMMARY_COLUMNS, summaryRow } from './csv/summary.ts';
import { TIMESERIES_COLUMNS, timeseriesRows } from './csv/timeseries.ts';
import type { AcceptedOrder } from '../model/load.ts';
import type { RawCell } from '../model/raw-cell.ts';
import { appendCsv, writeCsv } from './csv-file.ts';
import { KAFKA_MEMBER_COLUMNS, KAFKA_PAUSE_COLUMNS, KAFKA_SIDE_COLUMNS, kafkaMemberRows, kafkaPauseRows, kafkaSideRow } from './csv/kafka-side.ts';
import { KAFKA_PARTITION_COLUMNS, kafkaPartitionRows } from './csv/kafka-partitions.ts';
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
  /** accepted.ndjson beside cell.json: every order the load got an answer for. */
  writeAccepted(cell: string, repeat: number, accepted: readonly AcceptedOrder[]): void;
  /** Every CSV file's rows of one cell (the Kafka-side files where the observer ran), and its histograms. */
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

/** Written from the first cell the Kafka observer measured on (a run from before it has none). */
export const KAFKA_CSV_FILES = {
  kafkaSide: { file: 'kafka-side.csv', columns: KAFKA_SIDE_COLUMNS },
  kafkaMembers: { file: 'kafka-members.csv', columns: KAFKA_MEMBER_COLUMNS },
  kafkaPauses: { file: 'kafka-pauses.csv', columns: KAFKA_PAUSE_COLUMNS },
  kafkaPartitions: { file: 'kafka-partitions.csv', columns: KAFKA_PARTITION_COLUMNS },
} as const;

/** Written from the first cell with a restart (restartReplica, rollingRestart). */
export const DEPLOY_CSV_FILES = {
  deploys: { file: 'deploys.csv', columns: DEPLOY_COLUMNS },
} as const;

export const ACCEPTED_FILE = 'accepted.ndjson';

export function runFolderName(scenario: string, startedAt: Date): string {
  const stamp = startedAt
    .toISOString()
    .replace(/[:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
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
    writeAccepted(cell, repeat, accepted) {
      const folder = rawDir(cell, repeat);
      mkdirSync(folder, { recursive: true });
      writeFileSync(path.join(folder, ACCEPTED_FILE), accepted.map((a) => JSON.stringify(a)).join('\n') + (accepted.length ? '\n' : ''));
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
      if (result.deploys) appendCsv(path.join(dir, DEPLOY_CSV_FILES.deploys.file), DEPLOY_COLUMNS, deployRows(result));
      const k = result.kafkaSide;
      if (k) {
        appendCsv(path.join(dir, KAFKA_CSV_FILES.kafkaSide.file), KAFKA_SIDE_COLUMNS, [kafkaSideRow(result, k.kafka, k.agreement)]);
        appendCsv(path.join(dir, KAFKA_CSV_FILES.kafkaMembers.file), KAFKA_MEMBER_COLUMNS, kafkaMemberRows(result, k.kafka));
        appendCsv(path.join(dir, KAFKA_CSV_FILES.kafkaPauses.file), KAFKA_PAUSE_COLUMNS, kafkaPauseRows(result, k.kafka));
        appendCsv(path.join(dir, KAFKA_CSV_FILES.kafkaPartitions.file), KAFKA_PARTITION_COLUMNS, kafkaPartitionRows(result, k.kafka));
      }
    },
    writeMeta(meta) {
      writeFileSync(path.join(dir, 'run.json'), `${JSON.stringify(meta, null, 2)}\n`);
    },
  };
}
