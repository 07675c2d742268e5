import { HarnessError } from '../model/errors.ts';
import { describeEvent, rateEvents } from '../model/timeline/index.ts';
import { metricValue, variantOfRow, type ConsumerRow, type Results, type SummaryRow } from '../results/read.ts';
import type { MeasuredCell } from './types.ts';
import { LEGACY_VARIANT } from '../model/variant.ts';

/**
 * A cell is saturated when its group processed less than 95% of what was offered during the
 * measurement: the backlog grew. The 5% absorbs the orders still in flight at the window's edges.
 */
export const SATURATION_TOLERANCE = 0.05;

/** The consumer variants of a run's ok rows, in the order they first appear. */
export function okVariants(results: Results): string[] {
  return [...new Set(results.summary.filter((r) => r.status === 'ok').map(variantOfRow))];
}

/** The ok cells of a sweep at one per-message cost, one entry per partitions x replicas. */
export function measureCells(
  results: Results,
  perMessageMs?: number,
  consumer?: string,
): { cells: MeasuredCell[]; perMessageMs: number | null; consumer: string; groupProtocol: string } {
  let ok = results.summary.filter((r) => r.status === 'ok');
  if (ok.length === 0) throw new HarnessError('PLAN_INVALID', `${results.dir}: no cell finished ok; there is nothing to plan from`);
  refuseLoadSteps(results);
  // A replica's capacity depends on its client: plan for one consumer variant at a time.
  const variants = [...new Set(ok.map(variantOfRow))];
  if (consumer !== undefined) {
    ok = ok.filter((r) => variantOfRow(r) === consumer);
    if (ok.length === 0)
      throw new HarnessError('PLAN_INVALID', `no ok cell ran the consumer variant ${consumer}`, { hint: `the run measured ${variants.join(', ')}` });
  } else if (variants.length > 1) {
    throw new HarnessError('PLAN_INVALID', `the run varies the consumer client or protocol (${variants.join(', ')}); a replica's capacity depends on it`, {
      hint: 'choose one with --consumer <client-protocol-assignor>, with -static for static membership',
    });
  }
  const costs = [...new Set(ok.map((r) => metricValue(r, 'per_message_ms')))];
  let rows = ok;
  if (perMessageMs !== undefined) {
    rows = ok.filter((r) => metricValue(r, 'per_message_ms') === perMessageMs);
    if (rows.length === 0)
      throw new HarnessError('PLAN_INVALID', `no ok cell has per_message_ms ${perMessageMs}`, {
        hint: `the sweep measured per_message_ms ${costs.join(', ')}`,
      });
  } else if (costs.length > 1) {
    throw new HarnessError('PLAN_INVALID', `the sweep varies per_message_ms (${costs.join(', ')}); capacity depends on it`, {
      hint: 'choose one with --per-message-ms <ms>',
    });
  }

  const byCell = new Map<string, SummaryRow[]>();
  for (const r of rows) byCell.set(r.cell, [...(byCell.get(r.cell) ?? []), r]);
  const cells = [...byCell.entries()].map(([cell, repeats]) => measureCell(cell, repeats, results.consumers));

  const seen = new Map<string, string>();
  for (const c of cells) {
    const key = `${c.partitions}x${c.replicas}`;
    const other = seen.get(key);
    if (other) {
      throw new HarnessError('PLAN_INVALID', `cells ${other} and ${c.cell} both have ${c.partitions} partitions x ${c.replicas} replicas`, {
        hint: 'plan needs one cell per partitions x replicas: a sweep that varies only partitions and replicas (e.g. scenarios/sweep.yaml)',
      });
    }
    seen.set(key, c.cell);
  }
  cells.sort((a, b) => a.replicas - b.replicas || a.partitions - b.partitions);
  return {
    cells,
    perMessageMs: perMessageMs ?? costs[0] ?? null,
    consumer: consumer ?? variants[0]!,
    groupProtocol: rows[0]!.group_protocol || LEGACY_VARIANT.groupProtocol,
  };
}

/**
 * A cell whose timeline changes the offered rate (setRate, rampRate) achieved an average of two
 * or more offered rates, and its group spent part of the run working off a step's backlog: that
 * is no steady-state capacity, so plan leaves such cells out. The timeline is the scenario's, the
 * same in every cell, so a run with a load step has no cell left to plan from.
 */
function refuseLoadSteps(results: Results): void {
  const steps = rateEvents(results.meta.scenario.timeline ?? []);
  if (steps.length === 0) return;
  throw new HarnessError(
    'PLAN_INVALID',
    `every cell of ${results.meta.scenario.name} has a load step (${steps.map((e) => `${describeEvent(e)} at ${e.at} s`).join(', ')}): its achieved rate averages the rates before and after, and its group spent part of the run draining the step's backlog, so it is not a steady-state capacity; plan leaves such cells out and none is left`,
    {
      hint: 'plan from a sweep whose timeline has no setRate or rampRate (e.g. scenarios/sweep.yaml); step_drain_ms in summary.csv is what a load step measures',
    },
  );
}

function measureCell(cell: string, repeats: SummaryRow[], consumers: readonly ConsumerRow[]): MeasuredCell {
  const first = repeats[0]!;
  const partitions = metricValue(first, 'partitions');
  const replicas = metricValue(first, 'replicas');
  if (partitions === null || replicas === null) throw new HarnessError('PLAN_INVALID', `${cell}: summary.csv gives no partitions or replicas`);
  const perRepeat = repeats.map((r) => {
    const rows = consumers.filter((c) => c.cell === cell && c.repeat === r.repeat);
    if (rows.length === 0)
      throw new HarnessError('PLAN_INVALID', `${cell}#${r.repeat}: no rows in consumers.csv`, { hint: 'plan needs consumers.csv from npm run bench' });
    const firstPhase = Math.min(...rows.map((c) => c.phase));
    const phase0 = rows.filter((c) => c.phase === firstPhase);
    const offered = metricValue(r, 'achieved_rate') ?? metricValue(r, 'target_rate') ?? 0;
    const processed = groupRate(rows);
    return {
      offered,
      processed,
      active: phase0.filter((c) => c.partitions.length > 0).length,
      idle: phase0.filter((c) => c.alive && c.partitions.length === 0).length,
      lag: metricValue(r, 'lag_max_seconds'),
      p99: metricValue(r, 'e2e_p99_ms'),
    };
  });
  const offered = median(perRepeat.map((p) => p.offered))!;
  const processed = median(perRepeat.map((p) => p.processed))!;
  return {
    cell,
    partitions,
    replicas,
    repeats: repeats.length,
    offered,
    processed,
    active: median(perRepeat.map((p) => p.active))!,
    idle: median(perRepeat.map((p) => p.idle))!,
    saturated: processed < (1 - SATURATION_TOLERANCE) * offered,
    lagMaxSeconds: median(perRepeat.map((p) => p.lag)),
    e2eP99Ms: median(perRepeat.map((p) => p.p99)),
  };
}

/** Orders/s a group processed over the measurement: every replica's orders over the phases' span. */
export function groupRate(rows: readonly ConsumerRow[]): number {
  if (rows.length === 0) return 0;
  const from = Math.min(...rows.map((c) => c.phaseStartS));
  const to = Math.max(...rows.map((c) => c.phaseEndS));
  return to > from ? rows.reduce((s, c) => s + c.processed, 0) / (to - from) : 0;
}

export function median(values: ReadonlyArray<number | null>): number | null {
  const sorted = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
