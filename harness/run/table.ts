import type { CellResult } from '../analysis/cell.ts';

/** The short table printed at the end of a run. */
export function resultTable(results: readonly CellResult[]): string {
  const header = ['cell', 'rep', 'status', 'rate', 'achieved', 'e2e p99', 'http p99', 'lag max', 'lag s', 'rebal', 'pause max', 'idle', 'fair', 'left', 'lost', 'dup'];
  const f = (v: number | null | undefined, d = 0) => (v === null || v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(d));
  const rows = results.map((r) => [
    r.raw.cell.name,
    String(r.raw.repeat),
    r.raw.status,
    String(r.raw.cell.load.rate),
    f(r.raw.load?.achievedRate, 1),
    `${f(r.e2eSummary.p99Ms, 1)}ms`,
    `${f(r.httpSummary.p99Ms, 1)}ms`,
    String(r.lagMax),
    f(r.lagMaxSeconds, 2),
    String(r.rebalances.length),
    r.rebalancePauseMaxMs === null ? '-' : `${f(r.rebalancePauseMaxMs)}ms`,
    String(r.idleReplicas),
    f(r.fairness, 2),
    String(r.accounting.unprocessed),
    String(r.accounting.lost),
    String(r.accounting.duplicated),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
