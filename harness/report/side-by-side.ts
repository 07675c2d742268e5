import { median } from '../capacity/cells.ts';
import { formatNumber } from '../compare/numbers.ts';
import { LEGACY_VARIANT } from '../model/variant.ts';
import { SHARING_COLUMNS } from '../results/csv/summary.ts';
import { metricValue, type ConsumerRow, type Results, type ValueColumn } from '../results/read.ts';

/**
 * The cells of a multi-cell run side by side (1 partition with 4 share members next to 4
 * partitions with 4 consumer-protocol members, say): a table, each replica's throughput, and each
 * cell's throughput per replica over time. Null for a one-cell run, whose summary says it all.
 */
export interface CellsSideBySide {
  /** One row per cell: medians over its ok repeats, an empty CSV value "not measured" (never 0), "failed" without an ok repeat. */
  columns: string[];
  rows: string[][];
  /**
   * perSecond[replica][cell]: the orders the replica processed over the measured stretch divided by
   * the stretch (consumers.csv), median over the cell's ok repeats; 0 is an idle replica, null a
   * replica the cell never had. A replica killed or added part-way counts what it processed.
   */
  replicaRates: { cells: string[]; replicas: string[]; perSecond: Array<Array<number | null>> };
  /** The CellData key of each cell's first ok repeat, whose throughput per replica over time is drawn; empty without timeseries.csv. */
  series: string[];
}

/** What every cell shows; the share columns join when any cell has delivery counts (records handed out under locks). */
const SHOWN: readonly ValueColumn[] = ['achieved_rate', 'lag_max_seconds', 'e2e_p99_ms', 'idle_replicas', 'orders_duplicated', 'orders_lost'];

export function cellsSideBySide(results: Results, hasSeries: boolean): CellsSideBySide | null {
  const names = [...new Set(results.summary.map((r) => r.cell))];
  if (names.length < 2) return null;
  const okRows = (cell: string) => results.summary.filter((r) => r.cell === cell && r.status === 'ok');
  const measured = (c: ValueColumn) => results.summary.some((r) => r.status === 'ok' && metricValue(r, c) !== null);
  const shown = [...SHOWN, ...(measured('redelivered_records') || measured('delivery_count_max') ? SHARING_COLUMNS : [])];
  const rows = names.map((cell) => {
    const all = results.summary.filter((r) => r.cell === cell);
    const ok = okRows(cell);
    const value = (c: ValueColumn) => {
      if (ok.length === 0) return 'failed';
      const m = median(ok.map((r) => metricValue(r, c)));
      return m === null ? 'not measured' : formatNumber(m);
    };
    return [cell, (ok[0] ?? all[0]!).group_protocol || LEGACY_VARIANT.groupProtocol, `${ok.length}/${all.length}`, ...shown.map(value)];
  });

  const ratesByCell = names.map((cell) => okRows(cell).map((r) => replicaRates(results.consumers.filter((c) => c.cell === cell && c.repeat === r.repeat))));
  const replicas = [...new Set(ratesByCell.flatMap((repeats) => repeats.flatMap((m) => [...m.keys()])))].sort((a, b) =>
    a.localeCompare(b, 'en', { numeric: true }),
  );
  const perSecond = replicas.map((replica) =>
    ratesByCell.map((repeats) => {
      const m = median(repeats.map((rates) => rates.get(replica) ?? null));
      return m === null ? null : Math.round(m * 100) / 100;
    }),
  );

  const firstOk = (cell: string) => okRows(cell)[0];
  const series = hasSeries ? names.filter(firstOk).map((cell) => `${cell}#${firstOk(cell)!.repeat}`) : [];
  return { columns: ['cell', 'group_protocol', 'ok repeats', ...shown], rows, replicaRates: { cells: names, replicas, perSecond }, series };
}

/** Per replica of one repeat: orders processed / the measured stretch (the same window as the group's rate). */
function replicaRates(rows: readonly ConsumerRow[]): Map<string, number> {
  const out = new Map<string, number>();
  if (rows.length === 0) return out;
  const from = Math.min(...rows.map((c) => c.phaseStartS));
  const to = Math.max(...rows.map((c) => c.phaseEndS));
  if (!(to > from)) return out;
  for (const c of rows) out.set(c.replica, (out.get(c.replica) ?? 0) + c.processed / (to - from));
  return out;
}
