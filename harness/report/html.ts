import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatNumber } from '../compare/numbers.ts';
import type { ReportData, SweepData, PauseData } from './data.ts';
import type { CellsSideBySide } from './side-by-side.ts';

/**
 * report.html as one string: the styles, the run's data as JSON, Chart.js and the drawing
 * script all inline, so the file opens anywhere without a network. The tables are plain HTML
 * (readable even with scripts off); the charts are drawn in the page by page.js.
 */
export function renderReport(data: ReportData): string {
  const cellOptions = data.cells.map((c) => `<option value="${esc(c.key)}">${esc(c.key)} (${esc(c.status)})</option>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(data.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <h1>${esc(data.run.scenario)} <small>${esc(data.run.dir)}</small></h1>
  <p>${esc(data.run.description)}</p>
  <dl>
    <dt>started</dt><dd>${esc(data.run.startedAt)}</dd>
    <dt>status</dt><dd>${esc(data.run.status)}</dd>
    <dt>git</dt><dd>${esc(data.run.git)}</dd>
    <dt>Kafka</dt><dd>${esc(data.run.kafka)}</dd>
    <dt>consumer</dt><dd>${esc(data.run.consumer)}</dd>
    <dt>machine</dt><dd>${esc(data.run.machine)}</dd>
  </dl>
  ${data.missing.length > 0 ? `<p class="note">Not in this folder, so not drawn: ${data.missing.map(esc).join('; ')}.</p>` : ''}
</header>
${data.sideBySide ? sideBySideSection(data.sideBySide) : ''}
<section>
  <h2>Summary</h2>
  ${summaryTable(data)}
</section>
${data.faults ? faultsSection(data.faults) : ''}
${data.sweeps.length > 0 ? sweepSection(data.sweeps) : ''}
${data.pauses ? pauseSection(data.pauses) : ''}
<section>
  <h2>Cell <select id="cell-select" aria-label="cell">${cellOptions}</select></h2>
  <p class="note">Dashed dark lines: timeline actions. Pink lines: load steps (setRate, rampRate) and the rate they go to. Red dotted lines and shading: rebalances (start to end). Blue shading: a deploy, from its first restart to its last replica ready (deploys.csv).</p>
  <div id="cell-charts" class="grid"></div>
</section>
<script type="application/json" id="report-data">${jsonForScript(data)}</script>
<script>${scriptText(chartJsSource())}</script>
<script>${scriptText(readFileSync(PAGE_SCRIPT, 'utf8'))}</script>
</body>
</html>
`;
}

const PAGE_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'page.js');

function chartJsSource(): string {
  const require = createRequire(import.meta.url);
  // The package exports only its module builds; the UMD bundle sits beside them.
  return readFileSync(path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8');
}

function summaryTable(data: ReportData): string {
  const head = data.summary.columns.map((c) => `<th>${esc(c)}</th>`).join('');
  // An external system's row (client external) leaves empty what Kafka alone cannot measure.
  const shown = (row: number, v: string) => (v === '' && data.summary.external?.[row] ? 'not measured' : v);
  const rows = data.summary.rows
    .map((r, row) => `<tr>${r.map((v, i) => `<td${i > 2 ? ' class="num"' : ''}>${esc(shown(row, v))}</td>`).join('')}</tr>`)
    .join('\n');
  return `<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

/** What each fault did, from faults.csv; an empty cell was not measured (unavailable: none seen). */
function faultsSection(faults: NonNullable<ReportData['faults']>): string {
  const head = faults.columns.map((c) => `<th>${esc(c)}</th>`).join('');
  const rows = faults.rows.map((r) => `<tr>${r.map((v, i) => `<td${i > 3 ? ' class="num"' : ''}>${esc(v === '' ? '-' : v)}</td>`).join('')}</tr>`).join('\n');
  return `<section>
  <h2>Faults</h2>
  <p class="note">Per fault action, its window running to the next fault or the end of the drain: when the order service answered 5xx or timed out, HTTP latency, leadership and ISR changes, coordinator moves, rebalances, the longest consumer pause, orders lost and processed twice. The pass criterion: orders_lost 0.</p>
  <div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>
</section>`;
}

/** Pause per variant and action, from rebalances.csv: the protocols compared in one chart. */
function pauseSection(p: PauseData): string {
  const kept = p.points.filter((x) => x.moved === false).length;
  return `<section>
  <h2>Rebalance pauses</h2>
  <p>${p.points.length} partition pauses over ${p.variants.length} consumer variant${p.variants.length === 1 ? '' : 's'} (${kept} on partitions that kept their owner).</p>
  <div id="pause-charts" class="grid"></div>
</section>`;
}

/** The cells side by side, one row each (medians over ok repeats), before the per-repeat summary; page.js draws the charts. */
function sideBySideSection(t: CellsSideBySide): string {
  const head = t.columns.map((c) => `<th>${esc(c)}</th>`).join('');
  const rows = t.rows.map((r) => `<tr>${r.map((v, i) => `<td${i > 2 ? ' class="num"' : ''}>${esc(v)}</td>`).join('')}</tr>`).join('\n');
  return `<section>
  <h2>Cells side by side</h2>
  <p class="note">One row per cell: the median over its ok repeats. "not measured": the cell's CSV left it empty (never read as 0).</p>
  <div class="scroll"><table id="cells-side-by-side"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>
  <div id="side-by-side-charts" class="grid"></div>
</section>`;
}

function sweepSection(sweeps: readonly SweepData[]): string {
  const of = (s: SweepData) => (s.variant ? ` — ${esc(s.variant)}` : '');
  const maps = sweeps
    .map(
      (s) => `
    <div class="chart"><h3>Processed orders/s (partitions x replicas)${of(s)}</h3>${heatMap(s, s.processed, 'higher')}</div>
    <div class="chart"><h3>End-to-end p99, ms (partitions x replicas)${of(s)}</h3>${heatMap(s, s.e2eP99Ms, 'lower')}</div>`,
    )
    .join('');
  return `<section>
  <h2>Sweep</h2>
  <div class="grid">${maps}
  </div>
  <div id="sweep-charts" class="grid"></div>
</section>`;
}

/** A partitions x replicas table coloured from red (worst) to green (best). */
function heatMap(s: SweepData, grid: Array<Array<number | null>>, better: 'higher' | 'lower'): string {
  const values = grid.flat().filter((v): v is number => v !== null);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const head = `<tr><th>partitions \\ replicas</th>${s.replicas.map((r) => `<th>${r}</th>`).join('')}</tr>`;
  const rows = s.partitions.map((p, i) => {
    const cells = s.replicas.map((_, j) => {
      const v = grid[i]?.[j] ?? null;
      if (v === null) return '<td class="num empty">-</td>';
      const t = max > min ? (v - min) / (max - min) : 1;
      const goodness = better === 'higher' ? t : 1 - t;
      return `<td class="num heat" style="background:hsl(${Math.round(goodness * 120)},65%,72%)">${esc(formatNumber(v))}</td>`;
    });
    return `<tr><th>${p}</th>${cells.join('')}</tr>`;
  });
  return `<table class="heatmap">${head}${rows.join('')}</table>`;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** JSON inside <script> must not be able to close the element. */
const jsonForScript = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');
const scriptText = (source: string) => source.replace(/<\/script/gi, '<\\/script');

const STYLE = `
body { font: 13px/1.45 system-ui, sans-serif; margin: 0 24px 40px; color: #222; background: #fff; }
h1 { font-size: 20px; margin: 18px 0 4px; } h1 small { font-weight: normal; color: #666; font-size: 13px; }
h2 { font-size: 16px; margin: 24px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 13px; margin: 0 0 6px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0; }
dt { color: #666; } dd { margin: 0; }
.note { color: #666; font-size: 12px; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: 12px; }
th, td { border: 1px solid #ddd; padding: 3px 6px; text-align: left; white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.heatmap td.heat { min-width: 56px; } .heatmap td.empty { color: #aaa; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 16px; }
.chart { border: 1px solid #e3e3e3; border-radius: 4px; padding: 10px; }
.canvas-holder { position: relative; height: 280px; }
select { font-size: 14px; }
`;
