import type { CellResult } from '../analysis/cell.ts';
import { lagSamples } from '../model/raw-cell.ts';
import { isGeneratorBound, sendDelayLimitMs } from '../measure/bound.ts';
import { externalSummary } from '../results/csv/summary-external.ts';
import { NOT_MEASURED_WITHOUT_TAKEOVER, takeoverUnseen } from '../results/csv/summary.ts';

/**
 * The short table printed at the end of a run. Each column has its short name, the summary.csv
 * column it shows and what it means, in one list, so `bench --explain` prints the key from the
 * same place the table is drawn from.
 */
export interface TableColumn {
  short: string;
  csv: string;
  meaning: string;
  value(r: CellResult): string;
}

const f = (v: number | null | undefined, d = 0) => (v === null || v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(d));

/**
 * A cell that failed before its load ran measured nothing: its figures are '-', never 0 (an
 * empty histogram's p99 or a lag never sampled would read as a perfect result).
 */
const loaded = (r: CellResult) => r.raw.load !== undefined;
const ifLoaded = (r: CellResult, value: () => string) => (loaded(r) ? value() : '-');
const latency = (s: { count: number; p99Ms: number }) => (s.count > 0 ? `${f(s.p99Ms, 1)}ms` : '-');

export const TABLE_COLUMNS: readonly TableColumn[] = [
  { short: 'cell', csv: 'cell', meaning: 'p{partitions}-r{replicas}-rate{rate}, then a suffix per other swept dimension', value: (r) => r.raw.cell.name },
  { short: 'rep', csv: 'repeat', meaning: 'which repeat of the cell', value: (r) => String(r.raw.repeat) },
  { short: 'status', csv: 'status', meaning: 'ok | failed (the error follows the table) | interrupted', value: (r) => r.raw.status },
  { short: 'rate', csv: 'target_rate', meaning: 'offered orders/s (open loop)', value: (r) => String(r.raw.cell.load.rate) },
  {
    short: 'achieved',
    csv: 'achieved_rate',
    meaning: 'orders/s sent and answered 2xx inside the measured window',
    value: (r) => f(r.raw.load?.achievedRate, 1),
  },
  {
    short: 'gen',
    csv: 'generator_bound',
    meaning:
      "BOUND when the send delay p99 passed the scenario's load.maxSendDelayP99Ms (5 ms by default): the load generator, not the system, set this cell's latency and achieved rate",
    value: (r) => (isGeneratorBound(r.raw.load, sendDelayLimitMs(r.raw.cell.load)) ? 'BOUND' : '-'),
  },
  {
    short: 'e2e p99',
    csv: 'e2e_p99_ms',
    meaning: 'order received by the order service -> first processed by a replica, 99th percentile',
    value: (r) => latency(r.e2eSummary),
  },
  { short: 'http p99', csv: 'http_p99_ms', meaning: 'POST /orders latency from its intended send time, 99th percentile', value: (r) => latency(r.httpSummary) },
  {
    short: 'lag max',
    csv: 'lag_max',
    meaning: 'most messages the group was behind (all partitions), over the measurement and the drain',
    value: (r) => (lagSamples(r.raw).length > 0 ? String(r.lagMax) : '-'),
  },
  {
    short: 'lag s',
    csv: 'lag_max_seconds',
    meaning: 'longest any order waited to be processed (the highest per-second lag_seconds in timeseries.csv)',
    value: (r) => ifLoaded(r, () => f(r.lagMaxSeconds, 2)),
  },
  {
    short: 'rebal',
    csv: 'rebalances',
    meaning: 'group rebalances under load (teardown ones are not counted)',
    value: (r) => ifLoaded(r, () => String(r.rebalances.length)),
  },
  {
    short: 'pause max',
    csv: 'rebalance_pause_max_ms',
    meaning: 'longest stop in processing on a partition across a rebalance',
    value: (r) => (r.rebalancePauseMaxMs === null ? '-' : `${f(r.rebalancePauseMaxMs)}ms`),
  },
  {
    short: 'takeover',
    csv: 'takeover_max_ms',
    meaning:
      "after a kill (or a pause past the session timeout): until another member owned the replica's partitions; UNSEEN when the run ended first (a line under the table says which, and lag, pause and e2e tail are '-')",
    value: (r) => (takeoverUnseen(r) ? 'UNSEEN' : maxTakeover(r)),
  },
  {
    short: 'idle',
    csv: 'idle_replicas',
    meaning: 'replicas alive through a phase that owned no partition in it (most in any phase)',
    value: (r) => ifLoaded(r, () => String(r.idleReplicas)),
  },
  {
    short: 'fair',
    csv: 'fairness',
    meaning:
      "Jain's index over the alive replicas' processed orders in the last phase: 1 = even, 1/n = one replica does everything; 1 by definition when one replica is left",
    value: (r) => ifLoaded(r, () => f(r.fairness, 3)),
  },
  {
    short: 'left',
    csv: 'orders_unprocessed',
    meaning: 'accepted orders still in the topic when the drain timed out: a backlog, not a loss',
    value: (r) => ifLoaded(r, () => String(r.accounting.unprocessed)),
  },
  {
    short: 'lost',
    csv: 'orders_lost',
    meaning: 'accepted (201), never processed and not in that backlog',
    value: (r) => ifLoaded(r, () => String(r.accounting.lost)),
  },
  {
    short: 'dup',
    csv: 'orders_duplicated',
    meaning: 'processed more than once (redelivery after a kill or a rebalance)',
    value: (r) => ifLoaded(r, () => String(r.accounting.duplicated)),
  },
];

function maxTakeover(r: CellResult): string {
  const ms = r.takeovers.map((t) => t.takeoverMs).filter((x): x is number => x !== null);
  return ms.length > 0 ? `${f(Math.max(...ms))}ms` : '-';
}

export function resultTable(results: readonly CellResult[]): string {
  const header = TABLE_COLUMNS.map((c) => c.short);
  const rows = results.map((r) =>
    TABLE_COLUMNS.map((c) => (takeoverUnseen(r) && NOT_MEASURED_WITHOUT_TAKEOVER.has(c.csv) ? '-' : (externalCell(r, c.csv) ?? c.value(r)))),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** One line per generator-bound cell, printed under the table: whose latency it is, at what rate. */
export function generatorBoundNotes(results: readonly CellResult[]): string[] {
  return results
    .filter((r) => isGeneratorBound(r.raw.load, sendDelayLimitMs(r.raw.cell.load)))
    .map(
      (r) =>
        `${r.raw.cell.name}#${r.raw.repeat} generator-bound: send delay p99 ${f(r.raw.load?.sendDelay.p99Ms, 1)} ms > ${sendDelayLimitMs(r.raw.cell.load)} ms, achieved ${f(r.raw.load?.achievedRate, 1)} of ${offeredOf(r)} orders/s; its latency describes the load generator, not the system (more workers, connections, or segments on other machines)`,
    );
}

/** What the cell offered: load.rate, or with rate changes the mean the schedule offered over the measurement. */
function offeredOf(r: CellResult): string {
  const load = r.raw.load;
  const changes = load?.plan.rateChanges ?? [];
  if (!load || changes.length === 0 || load.measuredS <= 0) return String(r.raw.cell.load.rate);
  return `${f(load.measured.intended / load.measuredS, 1)} (the mean of load.rate ${r.raw.cell.load.rate} and its rate changes)`;
}

/** The table's key: short name, summary.csv column, meaning. */
export function tableKey(): string {
  const short = Math.max(...TABLE_COLUMNS.map((c) => c.short.length));
  const csv = Math.max(...TABLE_COLUMNS.map((c) => c.csv.length));
  return TABLE_COLUMNS.map((c) => `  ${c.short.padEnd(short)}  ${c.csv.padEnd(csv)}  ${c.meaning}`).join('\n');
}

/** An external system's journal figures are "not measured"; the Kafka side's take their place. */
function externalCell(r: CellResult, csv: string): string | undefined {
  const external = externalSummary(r);
  if (!external || !(csv in external)) return undefined;
  const v = external[csv];
  return v === '' || v === undefined || v === null ? 'not measured' : String(v);
}
