import { describeDifference, setupWarning } from './environment.ts';
import { METRICS } from './metrics.ts';
import { formatNumber, formatPct, formatSigned } from './numbers.ts';
import type { CellComparison, Comparison, Limit, MetricComparison, Spread, Verdict } from './types.ts';

export type CompareFormat = 'table' | 'markdown' | 'json';
export const COMPARE_FORMATS: readonly CompareFormat[] = ['table', 'markdown', 'json'];

export function formatComparison(c: Comparison, format: CompareFormat): string {
  switch (format) {
    case 'json':
      return JSON.stringify(c, null, 2);
    case 'markdown':
      return markdown(c);
    case 'table':
      return table(c);
  }
}

const HEADER = ['metric', 'baseline', 'candidate', 'change', 'limit', 'verdict'];

function rowCells(m: MetricComparison): string[] {
  const unit = METRICS[m.metric].unit;
  return [
    m.metric + (unit ? ` (${unit})` : ''),
    spread(m.baseline),
    spread(m.candidate),
    m.change === null ? '' : `${formatSigned(m.change)}${m.changePct === null ? '' : ` (${formatPct(m.changePct)})`}`,
    m.checks.map((ch) => limitText(ch.limit)).join(' '),
    verdictText(m.verdict),
  ];
}

/** The median, and the range over repeats when there is more than one. */
function spread(s: Spread | null): string {
  if (s === null) return 'not measured';
  return s.n > 1 ? `${formatNumber(s.median)} [${formatNumber(s.min)}..${formatNumber(s.max)}]` : formatNumber(s.median);
}

const limitText = (l: Limit) => (l.kind === 'relative' ? `${l.direction === 'up' ? '+' : '-'}${l.percent}%` : `${l.op}${l.value}`);

function verdictText(v: Verdict | undefined): string {
  switch (v) {
    case undefined:
      return '';
    case 'regression':
      return 'REGRESSION';
    case 'within-noise':
      return 'within noise';
    case 'not-measured':
      return 'not measured';
    case 'ok':
      return 'ok';
  }
}

function repeatsLine(cell: CellComparison): string {
  const side = (ok: readonly number[], failed: readonly number[]) =>
    `${ok.length} repeat${ok.length === 1 ? '' : 's'}${failed.length > 0 ? ` (+${failed.length} failed: ${failed.join(', ')})` : ''}`;
  return `baseline ${side(cell.baselineRepeats, cell.baselineFailed)}, candidate ${side(cell.candidateRepeats, cell.candidateFailed)}`;
}

function verdictLine(c: Comparison): string {
  if (!c.ok) return `REGRESSION: ${c.regressions.length} limit${c.regressions.length === 1 ? '' : 's'} crossed`;
  if (c.limits.length === 0) return 'no limits given (--threshold / --thresholds): nothing can regress';
  return `OK: every cell within its limits${c.withinNoise.length > 0 ? ` (${c.withinNoise.length} crossing${c.withinNoise.length === 1 ? '' : 's'} within noise)` : ''}`;
}

function limitsLine(c: Comparison): string {
  if (c.limits.length === 0) return 'none';
  const sources = [...new Set(c.limits.map((l) => l.source))].join(', ');
  return `${c.limits.map((l) => l.text).join(', ')}  (from ${sources})`;
}

function table(c: Comparison): string {
  const out: string[] = [
    `baseline   ${c.baseline.dir}  (${c.baseline.scenario}, git ${c.baseline.git}, ${c.baseline.startedAt})`,
    `candidate  ${c.candidate.dir}  (${c.candidate.scenario}, git ${c.candidate.git}, ${c.candidate.startedAt})`,
    `limits     ${limitsLine(c)}`,
  ];
  if (c.environment.length > 0) out.push('environment differs:', ...c.environment.map((d) => `  ${describeDifference(d)}`));
  for (const cell of c.cells) {
    out.push('', `${cell.cell}  (${repeatsLine(cell)})`, alignTable([HEADER, ...cell.metrics.map(rowCells)]));
  }
  for (const w of c.warnings) out.push(`warning: ${w}`);
  out.push('');
  const setup = setupWarning(c.environment);
  if (setup) out.push(setup);
  out.push(verdictLine(c));
  for (const f of c.regressions) out.push(`  ${f.message}`);
  if (c.withinNoise.length > 0) {
    out.push('within noise (not a regression, see the noise rule in harness/compare/noise.ts):');
    for (const f of c.withinNoise) out.push(`  ${f.message}`);
  }
  return out.join('\n');
}

function alignTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function markdown(c: Comparison): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const out: string[] = [
    `### Benchmark comparison: ${c.ok ? 'passed' : 'FAILED'}`,
    '',
    ...(setupWarning(c.environment) ? [`**${setupWarning(c.environment)}**`, ''] : []),
    `**${verdictLine(c)}**`,
    '',
    `- baseline: \`${c.baseline.dir}\` (${c.baseline.scenario}, git ${c.baseline.git}, ${c.baseline.startedAt})`,
    `- candidate: \`${c.candidate.dir}\` (${c.candidate.scenario}, git ${c.candidate.git}, ${c.candidate.startedAt})`,
    `- limits: ${esc(limitsLine(c))}`,
    ...(c.environment.length > 0 ? ['- environment differs:', ...c.environment.map((d) => `  - ${esc(describeDifference(d))}`)] : []),
  ];
  if (c.regressions.length > 0) out.push('', '**Regressions**', '', ...c.regressions.map((f) => `- ${esc(f.message)}`));
  if (c.withinNoise.length > 0)
    out.push('', '**Within noise** (limit crossed by less than the run-to-run spread)', '', ...c.withinNoise.map((f) => `- ${esc(f.message)}`));
  if (c.warnings.length > 0) out.push('', '**Warnings**', '', ...c.warnings.map((w) => `- ${esc(w)}`));
  for (const cell of c.cells) {
    out.push('', `#### ${cell.cell}`, '', `${repeatsLine(cell)}; values are medians [min..max] over repeats`, '');
    out.push(`| ${HEADER.join(' | ')} |`, `|${HEADER.map((_, i) => (i >= 1 && i <= 3 ? '---:' : '---')).join('|')}|`);
    for (const m of cell.metrics) {
      const cells = rowCells(m).map(esc);
      if (m.verdict === 'regression') cells[5] = `**${cells[5]}**`;
      out.push(`| ${cells.join(' | ')} |`);
    }
  }
  return out.join('\n');
}
