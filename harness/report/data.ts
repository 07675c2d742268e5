import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describeAction, describeEvent, rateInCell, specOf } from '../model/timeline/index.ts';
import type { TimelineEvent } from '../model/scenario.ts';
import { environmentOf } from '../compare/environment.ts';
import { groupRate, median } from '../capacity/cells.ts';
import {
  metricValue,
  variantOfRow,
  readDeploys,
  readHistogram,
  readRawCell,
  readResults,
  readTimeseries,
  type DeployRow,
  type PercentilePoint,
  type Results,
  type SeriesRow,
  type SummaryRow,
} from '../results/read.ts';
import { cellsSideBySide, type CellsSideBySide } from './side-by-side.ts';

/**
 * What report.html draws, as plain JSON: built here from the results folder, embedded in the
 * page and drawn there. Each per-second series is [second, value] pairs; `second` counts from
 * the start of the measurement, like timeseries.csv.
 */
export interface ReportData {
  title: string;
  run: { dir: string; scenario: string; description: string; startedAt: string; status: string; git: string; machine: string; kafka: string; consumer: string };
  /** `external`: per row, an external system's (its empty figures were not measurable from Kafka alone). */
  summary: { columns: string[]; rows: string[][]; external?: boolean[] };
  /** The cells of a multi-cell run side by side (a table, each replica's throughput); null for one cell. */
  sideBySide: CellsSideBySide | null;
  cells: CellData[];
  /** The scaling picture per consumer variant (one when the run measured one): a share group and a consumer group are not one grid. */
  sweeps: SweepData[];
  /** Rebalance pauses per consumer variant and action, a point per repeat and partition. */
  pauses: PauseData | null;
  /** faults.csv as a table (its columns that say what each fault did); null when no fault ran. */
  faults: { columns: string[]; rows: string[][] } | null;
  /** What the folder lacks, so the page can say why a chart is missing. */
  missing: string[];
}

export type Points = Array<[number, number]>;

export interface Marker {
  x: number;
  /** A rebalance and a deploy span x..end; an action and a load step are moments. */
  end?: number;
  label: string;
  /** `step`: a change of the offered rate (setRate, rampRate); `deploy`: a restart's first step to its last ready (deploys.csv). */
  kind: 'action' | 'rebalance' | 'deploy' | 'step';
}

export interface CellData {
  key: string;
  cell: string;
  repeat: number;
  status: string;
  throughput: Record<string, Points>;
  offered: Points;
  lag: Record<string, Points>;
  lagSeconds: Record<string, Points>;
  markers: Marker[];
  /** [1 / (1 - percentile), ms] as HdrHistogram plots them; the max (percentile 1) is left out. */
  latency: { e2e: Points | null; http: Points | null };
  distribution: { phases: string[]; replicas: string[]; processed: number[][] };
}

export interface SweepData {
  /** The consumer variant (`java-share-simple`); null when the run measured one. */
  variant: string | null;
  partitions: number[];
  replicas: number[];
  /** [partitions index][replicas index]: orders/s the group processed (median over repeats). */
  processed: Array<Array<number | null>>;
  e2eP99Ms: Array<Array<number | null>>;
  offered: number | null;
}

export interface PauseData {
  variants: string[];
  /** The actions that caused rebalances, by name (alterPartitions, addReplica...). */
  actions: string[];
  points: Array<{ variant: number; action: number; pauseMs: number; moved: boolean | null; partition: number | null; repeat: number }>;
}

const SUMMARY_SHOWN = [
  'cell',
  'repeat',
  'status',
  'partitions',
  'replicas',
  'target_rate',
  'achieved_rate',
  'generator_bound',
  'orders_lost',
  'orders_duplicated',
  'e2e_p50_ms',
  'e2e_p99_ms',
  'http_p99_ms',
  'lag_max',
  'lag_max_seconds',
  'rebalances',
  'rebalance_pause_max_ms',
  'idle_replicas',
  'fairness',
] as const;

export function reportData(dir: string): ReportData {
  const results = readResults(dir);
  const series = readTimeseries(dir);
  const missing: string[] = [];
  if (!series) missing.push('timeseries.csv (throughput and lag over time)');
  const meta = results.meta;
  const deploys = readDeploys(dir);
  const cells = results.summary.map((row) => cellData(results, row.cell, row.repeat, row.status, series, deploys));
  if (cells.length > 0 && cells.every((c) => c.latency.e2e === null && c.latency.http === null)) missing.push('histograms/ (latency percentiles)');
  if (results.consumers.length === 0) missing.push('consumers.csv (per-replica distribution)');
  return {
    title: `${meta.scenario.name}: ${path.basename(dir)}`,
    run: {
      dir: path.basename(dir),
      scenario: meta.scenario.name,
      description: meta.onlyCells ? onlyCellsText(results, meta.onlyCells) : (meta.scenario.description ?? ''),
      startedAt: meta.startedAt ?? '',
      status: meta.status ?? '',
      git: meta.git?.sha ? `${meta.git.sha.slice(0, 10)}${meta.git.dirty ? ' (dirty)' : ''}` : 'unknown',
      machine: meta.machine
        ? `${meta.machine.cpus} x ${meta.machine.cpuModel}, ${Math.round(meta.machine.memoryBytes / 2 ** 30)} GiB, ${meta.machine.platform}`
        : '',
      kafka: meta.kafka
        ? `${meta.versions?.kafka ?? ''} ${meta.kafka.mode}${meta.kafka.nodes ? `, ${meta.kafka.nodes} node${meta.kafka.nodes === 1 ? '' : 's'}` : ''}`
        : '',
      // The same words compare uses when two runs' clients differ.
      consumer: environmentOf(results).client,
    },
    summary: {
      columns: [...SUMMARY_SHOWN],
      rows: results.summary.map((r) =>
        SUMMARY_SHOWN.map((c) => (c === 'cell' ? r.cell : c === 'repeat' ? String(r.repeat) : c === 'status' ? r.status : (r[c] ?? ''))),
      ),
      external: results.summary.map((r) => r.client === 'external'),
    },
    sideBySide: cellsSideBySide(results, series !== undefined),
    cells,
    sweeps: sweeps(results),
    pauses: pauseData(results),
    faults: faultsData(dir),
    missing,
  };
}

const FAULTS_SHOWN = [
  'cell',
  'repeat',
  'action',
  'at_s',
  'target',
  'unavailable_from_s',
  'unavailable_s',
  'http_p99_ms',
  'http_max_ms',
  'leader_changes',
  'isr_shrinks',
  'isr_expands',
  'coordinator_moves',
  'rebalances',
  'consumer_pause_max_ms',
  'orders_lost',
  'orders_duplicated',
] as const;

/** The faults of the run, one row per action (faults.csv: folders from before faults have none). */
function faultsData(dir: string): ReportData['faults'] {
  const file = path.join(dir, 'faults.csv');
  if (!existsSync(file)) return null;
  const rows = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  if (rows.length === 0) return null;
  return { columns: [...FAULTS_SHOWN], rows: rows.map((r) => FAULTS_SHOWN.map((c) => r[c] ?? '')) };
}

/** A `--cell` run: describe the cells that ran, not the whole sweep the scenario's description speaks of. */
function onlyCellsText(results: Results, only: readonly string[]): string {
  const one = (cell: string) => {
    const row = results.summary.find((r) => r.cell === cell);
    return row ? `${cell} (${row.partitions} partitions, ${row.replicas} replicas, ${row.target_rate} orders/s)` : cell;
  };
  return `Only ${only.map(one).join(', ')}, run with --cell.`;
}

function cellData(results: Results, cell: string, repeat: number, status: string, series: SeriesRow[] | undefined, deploys: readonly DeployRow[]): CellData {
  const mine = (series ?? []).filter((s) => s.cell === cell && s.repeat === repeat);
  const bySubject = (metric: string): Record<string, Points> => {
    const out: Record<string, Points> = {};
    for (const s of mine) {
      if (s.metric !== metric) continue;
      const points = out[s.subject] ?? [];
      out[s.subject] = points;
      points.push([s.second, s.value]);
    }
    for (const points of Object.values(out)) points.sort((a, b) => a[0] - b[0]);
    return out;
  };
  const consumers = results.consumers.filter((c) => c.cell === cell && c.repeat === repeat);
  const phases = [...new Map(consumers.map((c) => [c.phase, `phase ${c.phase} (${c.phaseStartS}-${c.phaseEndS} s)`])).entries()].sort((a, b) => a[0] - b[0]);
  const replicas = [...new Set(consumers.map((c) => c.replica))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return {
    key: `${cell}#${repeat}`,
    cell,
    repeat,
    status,
    throughput: bySubject('throughput'),
    offered: bySubject('offered').load ?? [],
    lag: bySubject('lag'),
    lagSeconds: bySubject('lag_seconds'),
    markers: markers(results, cell, repeat, deploys),
    latency: { e2e: latencyPoints(readHistogram(results.dir, cell, repeat, 'e2e')), http: latencyPoints(readHistogram(results.dir, cell, repeat, 'http')) },
    distribution: {
      phases: phases.map(([, label]) => label),
      replicas,
      processed: phases.map(([phase]) => replicas.map((r) => consumers.find((c) => c.phase === phase && c.replica === r)?.processed ?? 0)),
    },
  };
}

/** Timeline actions when they were carried out (raw/ when kept, else as planned), load steps, deploy windows and rebalances. */
function markers(results: Results, cell: string, repeat: number, deploys: readonly DeployRow[]): Marker[] {
  const out: Marker[] = [];
  const raw = readRawCell(results.dir, cell, repeat);
  const origin = raw?.times.measureFrom;
  const row = results.summary.find((r) => r.cell === cell && r.repeat === repeat);
  const baseRate = raw?.cell.load.rate ?? (row ? metricValue(row, 'target_rate') : null);
  const kindOf = (e: TimelineEvent): Marker['kind'] => (specOf(e).changesLoad ? 'step' : 'action');
  const rate = (e: TimelineEvent) => (baseRate === null ? '' : rateInCell(e, baseRate));
  if (raw && origin !== undefined) {
    for (const a of raw.timeline) {
      const at = a.executedAt ?? a.plannedAt;
      out.push({ x: (at - origin) / 1000, label: describeAction(a) + rate(a.event) + (a.error ? ' (failed)' : ''), kind: kindOf(a.event) });
    }
  } else {
    for (const e of results.meta.scenario.timeline ?? []) out.push({ x: e.at, label: describeEvent(e) + rate(e), kind: kindOf(e) });
  }
  out.push(...deployWindows(deploys.filter((d) => d.cell === cell && d.repeat === repeat)));
  const generations = new Map<number, Marker>();
  for (const r of results.rebalances) {
    if (r.cell !== cell || r.repeat !== repeat || r.startS === null || generations.has(r.generation)) continue;
    generations.set(r.generation, {
      x: r.startS,
      ...(r.endS !== null ? { end: r.endS } : {}),
      label: `rebalance gen ${r.generation}${r.trigger ? ` (${r.trigger})` : ''}`,
      kind: 'rebalance',
    });
  }
  return [...out, ...generations.values()].sort((a, b) => a.x - b.x);
}

/**
 * One window per restart action of a cell: from its first step's start to its last step's ready,
 * the span deploy_duration_ms measures. A step that never was ready ends the window at its start,
 * and the label says so.
 */
function deployWindows(rows: readonly DeployRow[]): Marker[] {
  const byAction = new Map<string, DeployRow[]>();
  for (const r of rows) byAction.set(r.action, [...(byAction.get(r.action) ?? []), r]);
  return [...byAction.entries()].map(([action, steps]) => {
    const from = Math.min(...steps.map((s) => s.atS));
    const to = Math.max(...steps.map((s) => s.atS + (s.readyMs ?? 0) / 1000));
    const notReady = steps.filter((s) => s.readyMs === null).map((s) => s.step);
    const what = notReady.length > 0 ? `step ${notReady.join(', ')} never ready` : `${Math.round((to - from) * 10) / 10} s`;
    return { x: from, end: to, label: `deploy ${action}: ${steps.length} step${steps.length === 1 ? '' : 's'}, ${what}`, kind: 'deploy' as const };
  });
}

function latencyPoints(rows: PercentilePoint[] | undefined): Points | null {
  if (!rows || rows.length === 0) return null;
  return rows.filter((r) => r.percentile < 1).map((r) => [1 / (1 - r.percentile), r.valueMs]);
}

/** The scaling picture of each consumer variant that swept partitions or replicas. */
function sweeps(results: Results): SweepData[] {
  const ok = results.summary.filter((r) => r.status === 'ok');
  const variants = [...new Set(ok.map(variantOfRow))];
  return variants
    .map((v) =>
      sweepData(
        results,
        ok.filter((r) => variantOfRow(r) === v),
        variants.length > 1 ? v : null,
      ),
    )
    .filter((s): s is SweepData => s !== null);
}

function sweepData(results: Results, ok: readonly SummaryRow[], variant: string | null): SweepData | null {
  const pr = ok
    .map((r) => ({ row: r, p: metricValue(r, 'partitions'), r: metricValue(r, 'replicas') }))
    .filter((x): x is { row: (typeof ok)[number]; p: number; r: number } => x.p !== null && x.r !== null);
  const partitions = [...new Set(pr.map((x) => x.p))].sort((a, b) => a - b);
  const replicas = [...new Set(pr.map((x) => x.r))].sort((a, b) => a - b);
  if (partitions.length * replicas.length < 2) return null;
  const grid = (value: (rows: typeof pr) => number | null) => partitions.map((p) => replicas.map((r) => value(pr.filter((x) => x.p === p && x.r === r))));
  return {
    variant,
    partitions,
    replicas,
    processed: grid((rows) =>
      rows.length === 0 ? null : median(rows.map((x) => groupRate(results.consumers.filter((c) => c.cell === x.row.cell && c.repeat === x.row.repeat)))),
    ),
    e2eP99Ms: grid((rows) => median(rows.map((x) => metricValue(x.row, 'e2e_p99_ms')))),
    offered: median(pr.map((x) => metricValue(x.row, 'achieved_rate') ?? metricValue(x.row, 'target_rate'))),
  };
}

/** Every measured pause, grouped so that the variants of one action stand side by side. */
function pauseData(results: Results): PauseData | null {
  const rows = results.rebalances.filter((r) => r.pauseMs !== null && r.trigger !== 'none');
  if (rows.length === 0) return null;
  const actionOf = (trigger: string) => trigger.replace(/\((inventory-)?\d*\)$/, '') || trigger;
  const variants = [...new Set(rows.map((r) => r.variant))];
  const actions = [...new Set(rows.map((r) => actionOf(r.trigger)))];
  return {
    variants,
    actions,
    points: rows.map((r) => ({
      variant: variants.indexOf(r.variant),
      action: actions.indexOf(actionOf(r.trigger)),
      pauseMs: r.pauseMs!,
      moved: r.moved,
      partition: r.partition,
      repeat: r.repeat,
    })),
  };
}
