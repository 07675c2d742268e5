import path from 'node:path';
import { HarnessError } from '../model/errors.ts';
import { metricValue, type Results, type SummaryRow } from '../results/read.ts';
import { formatNumber, formatPct } from './numbers.ts';
import { CELL_CONFIG_COLUMNS, METRIC_NAMES, METRICS } from './metrics.ts';
import { withinNoise, noiseBand } from './noise.ts';
import { spreadOf } from './spread.ts';
import { environmentDifferences } from './environment.ts';
import type { CellComparison, Comparison, Finding, Limit, LimitCheck, MetricComparison, Operator, RunInfo, Spread, Verdict } from './types.ts';

/**
 * A candidate run against a baseline run, cell by cell (matched by cell name). Repeats are
 * folded into a median and a spread per cell; relative limits judge the median (see noise.ts
 * for when a crossing is only noise), absolute limits judge every repeat. Pure: it reads
 * nothing beyond the two loaded folders.
 */
export function compare(baseline: Results, candidate: Results, limits: readonly Limit[]): Comparison {
  const baseCells = cellNames(baseline.summary);
  const candCells = cellNames(candidate.summary);
  const onlyBase = baseCells.filter((c) => !candCells.includes(c));
  const onlyCand = candCells.filter((c) => !baseCells.includes(c));
  if (onlyBase.length > 0 || onlyCand.length > 0 || baseCells.length === 0) {
    const parts = [
      baseCells.length === 0 ? 'the baseline has no cells' : '',
      onlyBase.length > 0 ? `only in the baseline: ${onlyBase.join(', ')}` : '',
      onlyCand.length > 0 ? `only in the candidate: ${onlyCand.join(', ')}` : '',
    ].filter(Boolean);
    throw new HarnessError('CELLS_MISMATCH', `the cells do not match (${parts.join('; ')})`, {
      hint: 'compare two runs of the same scenario with the same --cell selection',
    });
  }

  const warnings: string[] = [];
  if (baseline.meta.scenario.name !== candidate.meta.scenario.name) {
    warnings.push(`different scenarios: ${baseline.meta.scenario.name} (baseline) vs ${candidate.meta.scenario.name} (candidate)`);
  } else if (baseline.meta.scenarioHash && candidate.meta.scenarioHash && baseline.meta.scenarioHash !== candidate.meta.scenarioHash) {
    warnings.push(
      `the scenario ${baseline.meta.scenario.name} changed between the runs (hash ${baseline.meta.scenarioHash.slice(0, 8)} vs ${candidate.meta.scenarioHash.slice(0, 8)})`,
    );
  }

  const cells: CellComparison[] = [];
  const regressions: Finding[] = [];
  const noise: Finding[] = [];
  for (const cell of baseCells) {
    const base = baseline.summary.filter((r) => r.cell === cell);
    const cand = candidate.summary.filter((r) => r.cell === cell);
    const baseOk = base.filter((r) => r.status === 'ok');
    const candOk = cand.filter((r) => r.status === 'ok');
    warnings.push(...configDifferences(cell, baseOk[0] ?? base[0], candOk[0] ?? cand[0]));
    if (baseOk.length === 0) warnings.push(`${cell}: no repeat finished ok in the baseline; nothing to compare against`);
    if (candOk.length === 0) {
      const statuses = [...new Set(cand.map((r) => r.status))].join(', ');
      regressions.push({ cell, metric: 'status', message: `${cell}: no repeat finished ok in the candidate (status: ${statuses})` });
    }
    const metrics: MetricComparison[] = [];
    for (const metric of METRIC_NAMES) {
      const b = spreadOf(baseOk.map((r) => ({ repeat: r.repeat, value: metricValue(r, metric) })));
      const c = spreadOf(candOk.map((r) => ({ repeat: r.repeat, value: metricValue(r, metric) })));
      const applicable = limits.filter((l) => l.metric === metric);
      if (b === null && c === null && applicable.length === 0) continue;
      const checks = candOk.length === 0 ? [] : applicable.map((l) => check(l, b, c));
      for (const ch of checks) {
        if (ch.verdict === 'regression') regressions.push({ cell, metric, message: `${cell}: ${ch.reason}` });
        if (ch.verdict === 'within-noise') noise.push({ cell, metric, message: `${cell}: ${ch.reason}` });
      }
      const change = b && c ? c.median - b.median : null;
      metrics.push({
        metric,
        baseline: b,
        candidate: c,
        change,
        changePct: change !== null && b && b.median !== 0 ? (change / Math.abs(b.median)) * 100 : null,
        checks,
        verdict: worst(checks.map((ch) => ch.verdict)),
      });
    }
    cells.push({
      cell,
      baselineRepeats: baseOk.map((r) => r.repeat),
      candidateRepeats: candOk.map((r) => r.repeat),
      baselineFailed: base.filter((r) => r.status !== 'ok').map((r) => r.repeat),
      candidateFailed: cand.filter((r) => r.status !== 'ok').map((r) => r.repeat),
      metrics,
    });
  }
  return {
    baseline: runInfo(baseline),
    candidate: runInfo(candidate),
    environment: environmentDifferences(baseline, candidate),
    limits,
    cells,
    regressions,
    withinNoise: noise,
    warnings,
    ok: regressions.length === 0,
  };
}

function check(limit: Limit, b: Spread | null, c: Spread | null): LimitCheck {
  const unit = METRICS[limit.metric].unit;
  const show = (v: number) => formatNumber(v) + (unit && unit !== '/s' ? ` ${unit}` : unit);
  if (c === null) return { limit, verdict: 'not-measured', bound: null, reason: `${limit.metric} not measured in the candidate` };

  if (limit.kind === 'absolute') {
    const broken = c.values.filter((v) => !holds(v.value, limit.op, limit.value));
    if (broken.length === 0) return { limit, verdict: 'ok', bound: limit.value, reason: `${limit.metric} ${show(c.median)} within ${limit.op}${limit.value}` };
    const worstValue = broken.reduce((w, v) => (distance(v.value, limit.value) > distance(w.value, limit.value) ? v : w));
    const where = c.n > 1 ? ` in repeat ${worstValue.repeat}` : '';
    return {
      limit,
      verdict: 'regression',
      bound: limit.value,
      reason: `${limit.metric} = ${show(worstValue.value)}${where}, limit ${limit.op}${limit.value} (absolute)`,
    };
  }

  if (b === null) return { limit, verdict: 'not-measured', bound: null, reason: `${limit.metric} not measured in the baseline: no relative limit applies` };
  const factor = limit.direction === 'up' ? 1 + limit.percent / 100 : 1 - limit.percent / 100;
  const bound = b.median * factor;
  const crossed = limit.direction === 'up' ? c.median > bound + epsilon(bound) : c.median < bound - epsilon(bound);
  const changePct = b.median === 0 ? null : ((c.median - b.median) / Math.abs(b.median)) * 100;
  const moved = `${show(b.median)} -> ${show(c.median)}${changePct === null ? '' : ` (${formatPct(changePct)})`}`;
  const rule = `limit ${limit.direction === 'up' ? '+' : '-'}${limit.percent}% (${limit.direction === 'up' ? '<=' : '>='} ${show(bound)})`;
  if (!crossed) return { limit, verdict: 'ok', bound, reason: `${limit.metric} ${moved}, ${rule}` };
  if (withinNoise(b, c)) {
    const [low, high] = noiseBand(b, c)!;
    return {
      limit,
      verdict: 'within-noise',
      bound,
      reason: `${limit.metric} ${moved} crosses ${rule}, but within noise: the candidate median lies in the baseline's run-to-run band [${formatNumber(low)}, ${formatNumber(high)}]`,
    };
  }
  return { limit, verdict: 'regression', bound, reason: `${limit.metric} ${moved}, ${rule}` };
}

function holds(value: number, op: Operator, limit: number): boolean {
  const e = epsilon(limit);
  switch (op) {
    case '<':
      return value < limit;
    case '<=':
      return value <= limit + e;
    case '>':
      return value > limit;
    case '>=':
      return value >= limit - e;
    case '=':
      return Math.abs(value - limit) <= e;
  }
}

// CSV values are rounded to 3 decimals; a bound computed from them should not fail on float dust.
const epsilon = (x: number) => 1e-9 * Math.max(1, Math.abs(x));
const distance = (a: number, b: number) => Math.abs(a - b);

const ORDER: Verdict[] = ['ok', 'not-measured', 'within-noise', 'regression'];
function worst(verdicts: Verdict[]): Verdict | undefined {
  return verdicts.reduce<Verdict | undefined>((w, v) => (w === undefined || ORDER.indexOf(v) > ORDER.indexOf(w) ? v : w), undefined);
}

function cellNames(rows: readonly SummaryRow[]): string[] {
  return [...new Set(rows.map((r) => r.cell))];
}

function configDifferences(cell: string, base: SummaryRow | undefined, cand: SummaryRow | undefined): string[] {
  if (!base || !cand) return [];
  return CELL_CONFIG_COLUMNS.filter((c) => base[c] !== undefined && cand[c] !== undefined && base[c] !== cand[c]).map(
    (c) => `${cell}: ${c} differs (${base[c]} in the baseline, ${cand[c]} in the candidate): not like for like`,
  );
}

function runInfo(r: Results): RunInfo {
  const git = r.meta.git?.sha ? `${r.meta.git.sha.slice(0, 8)}${r.meta.git.dirty ? '+dirty' : ''}` : 'unknown';
  return {
    dir: path.relative(process.cwd(), r.dir) || r.dir,
    scenario: r.meta.scenario.name,
    scenarioHash: r.meta.scenarioHash ?? '',
    git,
    startedAt: r.meta.startedAt ?? '',
  };
}
