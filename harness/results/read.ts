import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { HarnessError } from '../model/errors.ts';
import type { SUMMARY_COLUMNS } from './csv/summary.ts';
import type { RunMeta } from './meta.ts';
import type { RawCell } from '../model/raw-cell.ts';
import { variantName } from '../model/variant.ts';

/**
 * A results folder read back from its CSV files and run.json: what compare, plan and report
 * build on. Only summary.csv and run.json are required (a committed baseline keeps little else);
 * the other files are read when present. Columns are read by name, so a folder written by an
 * older or newer harness still loads; a missing metric column reads as "not measured".
 */
export type SummaryColumn = (typeof SUMMARY_COLUMNS)[number];
/** Every column but the identifying three, as written (empty = not measured). */
export type ValueColumn = Exclude<SummaryColumn, 'cell' | 'repeat' | 'status'>;
export type SummaryRow = Partial<Record<ValueColumn, string>> & { cell: string; repeat: number; status: string };

/**
 * The consumer variant a summary row ran, `java-classic-range` or `java-classic-range-static`:
 * the one name compare, plan and report group cells by, so that cells differing only in static
 * membership are never mixed. Folders from before the column read as dynamic membership.
 */
export function variantOfRow(r: SummaryRow): string {
  const base = variantName({ client: r.client, groupProtocol: r.group_protocol, assignor: r.assignor, staticMembership: r.static_membership === 'true' });
  // expand() numbers two settings of one client, protocol and assignor (`java-share-simple-2`: other
  // max.poll.records or acquire mode) in the cell's name: never pool them. Names are letters,
  // digits and hyphens, so the base needs no escaping.
  const numbered = new RegExp(`(?:^|-)${base}-(\\d+)(?:-|$)`).exec(r.cell);
  return numbered ? `${base}-${numbered[1]}` : base;
}

export interface ConsumerRow {
  cell: string;
  repeat: number;
  phase: number;
  phaseStartS: number;
  phaseEndS: number;
  replica: string;
  alive: boolean;
  partitions: number[];
  processed: number;
  throughputPerS: number;
}

export interface RebalanceRow {
  cell: string;
  repeat: number;
  generation: number;
  trigger: string;
  triggerAtS: number | null;
  startS: number | null;
  endS: number | null;
  partition: number | null;
  ownerBefore: string;
  ownerAfter: string;
  pauseMs: number | null;
  /** `kafkajs-classic-range`; folders from before clients were chosen read as kafkajs-classic-roundrobin. */
  variant: string;
  /** null in folders written before the column existed. */
  moved: boolean | null;
}

export interface Results {
  dir: string;
  meta: RunMeta;
  summary: SummaryRow[];
  consumers: ConsumerRow[];
  rebalances: RebalanceRow[];
}

const REQUIRED_SUMMARY = ['cell', 'repeat', 'status'] as const;

export function readResults(dir: string): Results {
  const shown = path.relative(process.cwd(), dir) || dir;
  if (!existsSync(dir))
    throw new HarnessError('RESULTS_NOT_FOUND', `${shown}: no such folder`, {
      hint: 'name a folder that npm run bench wrote, e.g. results/<timestamp>-<scenario>',
    });
  if (!statSync(dir).isDirectory())
    throw new HarnessError('RESULTS_NOT_FOUND', `${shown} is a file, not a results folder`, { hint: 'name the folder that holds summary.csv and run.json' });
  const missing = ['run.json', 'summary.csv'].filter((f) => !existsSync(path.join(dir, f)));
  if (missing.length > 0) {
    throw new HarnessError('RESULTS_INVALID', `${shown} is not a results folder: no ${missing.join(' and no ')}`, {
      hint: 'npm run bench writes results/<timestamp>-<scenario>/ with run.json and summary.csv',
    });
  }
  let meta: RunMeta;
  try {
    meta = JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8')) as RunMeta;
  } catch (err) {
    throw new HarnessError('RESULTS_INVALID', `${shown}/run.json is not valid JSON`, { cause: err });
  }
  if (meta?.tool !== 'kafka-scaling-bench' || typeof meta.scenario?.name !== 'string') {
    throw new HarnessError('RESULTS_INVALID', `${shown}/run.json was not written by npm run bench (no tool/scenario)`);
  }
  const summaryRows = readCsvFile(path.join(dir, 'summary.csv'), REQUIRED_SUMMARY, shown);
  const summary: SummaryRow[] = summaryRows.map((r) => ({ ...r, cell: r.cell!, repeat: Number(r.repeat), status: r.status! }));
  // rebalances.csv has no static_membership column: a cell's static membership is its summary row's.
  const staticCells = new Set(summary.filter((r) => r.static_membership === 'true').map((r) => r.cell));
  return {
    dir,
    meta,
    summary,
    consumers: readOptional(dir, 'consumers.csv', shown).map((r) => ({
      cell: r.cell ?? '',
      repeat: Number(r.repeat),
      phase: Number(r.phase),
      phaseStartS: Number(r.phase_start_s),
      phaseEndS: Number(r.phase_end_s),
      replica: r.replica ?? '',
      // Older folders wrote booleans as 1/''.
      alive: r.alive === 'true' || r.alive === '1',
      partitions: numberList(r.partitions),
      processed: Number(r.processed),
      throughputPerS: Number(r.throughput_per_s),
    })),
    rebalances: readOptional(dir, 'rebalances.csv', shown).map((r) => ({
      cell: r.cell ?? '',
      repeat: Number(r.repeat),
      generation: Number(r.generation),
      trigger: r.trigger ?? '',
      triggerAtS: numberOrNull(r.trigger_at_s),
      startS: numberOrNull(r.start_s),
      endS: numberOrNull(r.end_s),
      partition: numberOrNull(r.partition),
      ownerBefore: r.owner_before ?? '',
      ownerAfter: r.owner_after ?? '',
      pauseMs: numberOrNull(r.pause_ms),
      variant: variantName({ client: r.client, groupProtocol: r.group_protocol, assignor: r.assignor, staticMembership: staticCells.has(r.cell ?? '') }),
      moved: r.moved === undefined || r.moved === '' ? null : r.moved === 'true',
    })),
  };
}

export interface SeriesRow {
  cell: string;
  repeat: number;
  second: number;
  metric: string;
  subject: string;
  value: number;
}

/** timeseries.csv, or undefined when the folder has none (a trimmed baseline). */
export function readTimeseries(dir: string): SeriesRow[] | undefined {
  const file = path.join(dir, 'timeseries.csv');
  if (!existsSync(file)) return undefined;
  return readCsvFile(file, ['cell', 'repeat', 'second', 'metric', 'subject', 'value'], dir).map((r) => ({
    cell: r.cell!,
    repeat: Number(r.repeat),
    second: Number(r.second),
    metric: r.metric!,
    subject: r.subject!,
    value: Number(r.value),
  }));
}

/** One restart step of deploys.csv; times in s from the measurement's start, durations in ms. */
export interface DeployRow {
  cell: string;
  repeat: number;
  /** `rollingRestart(all)`: the steps of one action share it. */
  action: string;
  step: number;
  atS: number;
  /** From the step's start until every replica of it was ready; null: not within its readyTimeoutS. */
  readyMs: number | null;
}

/** deploys.csv, or [] when the folder has none (no restart ran, or it was written before the file). */
export function readDeploys(dir: string): DeployRow[] {
  const file = path.join(dir, 'deploys.csv');
  if (!existsSync(file)) return [];
  return readCsvFile(file, ['cell', 'repeat', 'action', 'step', 'at_s', 'ready_ms'], dir).map((r) => ({
    cell: r.cell!,
    repeat: Number(r.repeat),
    action: r.action!,
    step: Number(r.step),
    atS: Number(r.at_s),
    readyMs: numberOrNull(r.ready_ms),
  }));
}

export interface PercentilePoint {
  valueMs: number;
  percentile: number;
  totalCount: number;
}

/** histograms/<cell>-<repeat>-<kind>.csv, or undefined when it was not written. */
export function readHistogram(dir: string, cell: string, repeat: number, kind: 'e2e' | 'http'): PercentilePoint[] | undefined {
  const file = path.join(dir, 'histograms', `${cell}-${repeat}-${kind}.csv`);
  if (!existsSync(file)) return undefined;
  return readCsvFile(file, ['Value', 'Percentile', 'TotalCount'], path.join(dir, 'histograms')).map((r) => ({
    valueMs: Number(r.Value),
    percentile: Number(r.Percentile),
    totalCount: Number(r.TotalCount),
  }));
}

/** raw/<cell>-<repeat>/cell.json, for what only the raw record holds (when timeline actions ran). */
export function readRawCell(dir: string, cell: string, repeat: number): RawCell | undefined {
  const file = path.join(dir, 'raw', `${cell}-${repeat}`, 'cell.json');
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RawCell;
  } catch {
    return undefined;
  }
}

/** A summary value as a number; null for an empty cell ("not measured") or a missing column. */
export function metricValue(row: SummaryRow, column: ValueColumn): number | null {
  const text = row[column];
  if (text === undefined || text.trim() === '') return null;
  if (text === 'true') return 1;
  if (text === 'false') return 0;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

export function numberOrNull(text: string | undefined): number | null {
  if (text === undefined || text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

function numberList(text: string | undefined): number[] {
  return (text ?? '').split(' ').filter(Boolean).map(Number);
}

function readOptional(dir: string, file: string, shown: string): Record<string, string>[] {
  const full = path.join(dir, file);
  return existsSync(full) ? readCsvFile(full, ['cell', 'repeat'], shown) : [];
}

function readCsvFile(file: string, required: readonly string[], shown: string): Record<string, string>[] {
  let rows: Record<string, string>[];
  try {
    rows = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  } catch (err) {
    throw new HarnessError('RESULTS_INVALID', `${shown}/${path.basename(file)}: not a readable CSV file (${(err as Error).message})`, { cause: err });
  }
  const header = readFileSync(file, 'utf8').split('\n', 1)[0]!.split(',');
  const absent = required.filter((c) => !header.includes(c));
  if (absent.length > 0) {
    throw new HarnessError('RESULTS_INVALID', `${shown}/${path.basename(file)} has no column ${absent.join(', ')}`, {
      hint: 'was it written by npm run bench?',
    });
  }
  return rows;
}
