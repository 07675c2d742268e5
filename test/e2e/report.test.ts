import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectCharts, inspectReport, withReportPage } from '../../harness/report/browser.ts';
import { writeReport } from '../../harness/report/write.ts';
import { runCli } from '../support/cli.ts';
import { deployFolder } from '../support/deploy-folder.ts';

// The committed smoke baseline is a real run's folder (with timeseries.csv and histograms/);
// the sweep fixture has a sweep but no time series. Copies, so report.html lands in a temp dir.
const root = mkdtempSync(path.join(os.tmpdir(), 'ksb-report-'));
const smoke = path.join(root, 'smoke');
const sweep = path.join(root, 'sweep-model');
cpSync('bench/baselines/smoke', smoke, { recursive: true });
cpSync('test/fixtures/results/sweep-model', sweep, { recursive: true });
const shareGroups = path.join(root, 'share-groups');
cpSync('test/fixtures/results/share-groups', shareGroups, { recursive: true });
const sideBySide = path.join(root, 'share-side-by-side');
cpSync('test/fixtures/results/share-side-by-side', sideBySide, { recursive: true });
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('report.html in headless Chromium', () => {
  it('is one self-contained file whose charts all render with data, offline and without errors', async () => {
    const file = writeReport(smoke);
    expect(file).toBe(path.join(smoke, 'report.html'));
    const html = readFileSync(file, 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/i);
    // The environment compare would name: Kafka setup, consumer client and protocol, git, machine.
    expect(html).toMatch(/<dt>consumer<\/dt><dd>kafkajs-classic[^<]*<\/dd>/);

    const seen = await inspectReport(file);
    expect(seen.consoleErrors).toEqual([]);
    expect(seen.requests).toEqual([]);
    expect(seen.cell).toBe('p2-r2-rate50#1');
    // Throughput, lag (messages), lag (seconds), latency percentiles, per-replica distribution.
    expect(seen.charts.map((c) => c.type)).toEqual(['line', 'line', 'line', 'line', 'bar']);
    const [throughput, lag, , latency, distribution] = seen.charts;
    expect(throughput!.datasets).toBe(3); // two replicas and the offered rate
    expect(lag!.datasets).toBe(2); // two partitions
    expect(latency!.datasets).toBe(2); // e2e and http
    expect(distribution!.points).toBe(2);
    for (const chart of seen.charts) {
      expect(chart.points).toBeGreaterThan(0);
      expect(chart.colouredPixels).toBeGreaterThan(200);
    }
  });

  it("shades a deploy's window and marks a load step on the time series", async () => {
    const file = writeReport(deployFolder(root));
    // Per chart: pixels of the deploy's blue shade and of the step's pink
    // line (a colour no series has), in a pixel column inside the window (3.5 s), at the step (6 s) and before both (1 s: labels run to the right of their line).
    const seen = await withReportPage(file, async (page, { consoleErrors }) => ({
      consoleErrors,
      columns: await page.evaluate(() => {
        const w = window as unknown as {
          ksbReport: {
            charts: Array<{
              config: { type: string };
              canvas: HTMLCanvasElement;
              chartArea: { top: number; bottom: number };
              scales: { x: { getPixelForValue(v: number): number } };
            }>;
          };
        };
        return w.ksbReport.charts
          .filter((c) => c.config.type === 'line' && c.scales.x.getPixelForValue(0) !== undefined)
          .slice(0, 3)
          .map((chart) => {
            const ctx = chart.canvas.getContext('2d')!;
            const ratio = chart.canvas.width / chart.canvas.clientWidth;
            const column = (second: number) => {
              const x = Math.round(chart.scales.x.getPixelForValue(second) * ratio);
              const top = Math.round(chart.chartArea.top * ratio);
              const height = Math.round((chart.chartArea.bottom - chart.chartArea.top) * ratio);
              const px = ctx.getImageData(x - 1, top, 3, height).data;
              let shade = 0;
              let pink = 0;
              // The canvas is transparent: the shade is its colour at low alpha, a line at full alpha.
              for (let i = 0; i < px.length; i += 4) {
                const [r, g, b, a] = [px[i]!, px[i + 1]!, px[i + 2]!, px[i + 3]!];
                if (a > 15 && a < 80 && b - r > 60) shade++;
                if (a > 128 && Math.abs(r - 233) + Math.abs(g - 30) + Math.abs(b - 99) < 30) pink++;
              }
              return { shade, pink };
            };
            return { inside: column(3.5), step: column(6), outside: column(1) };
          });
      }),
    }));
    expect(seen.consoleErrors).toEqual([]);
    // Throughput, lag in messages, lag in seconds.
    expect(seen.columns).toHaveLength(3);
    for (const c of seen.columns) {
      expect(c.inside.shade).toBeGreaterThan(50);
      expect(c.outside.shade).toBe(0);
      expect(c.step.pink).toBeGreaterThan(20);
      expect(c.outside.pink).toBe(0);
    }
  });

  it('draws the scaling curve and the heat maps for a sweep', async () => {
    const file = writeReport(sweep);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('<table class="heatmap">');
    expect(html).toContain('Not in this folder, so not drawn: timeseries.csv');
    const seen = await inspectReport(file);
    expect(seen.consoleErrors).toEqual([]);
    expect(seen.requests).toEqual([]);
    // Without timeseries.csv and histograms/: the distribution, the scaling curve, each replica's rate per cell.
    expect(seen.charts.map((c) => c.type)).toEqual(['bar', 'line', 'bar']);
    const scaling = seen.charts[1]!;
    expect(scaling).toMatchObject({ type: 'line', datasets: 5 }); // 4 partition counts + offered
    expect(scaling.points).toBe(16 + 2);
    expect(scaling.colouredPixels).toBeGreaterThan(200);
  });

  it('npm run report -- <dir> --screenshot writes the page and a PNG; a missing folder exits 2', async () => {
    const png = path.join(root, 'smoke.png');
    const [ok, missing] = await Promise.all([
      runCli('harness/cli/report.ts', [smoke, '--screenshot', png], { timeoutMs: 60_000 }),
      runCli('harness/cli/report.ts', [path.join(root, 'nope')], { timeoutMs: 60_000 }),
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('report.html');
    expect(existsSync(path.join(smoke, 'report.html'))).toBe(true);
    expect(readFileSync(png).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error\[RESULTS_NOT_FOUND\]: .*nope: no such folder/);
  });

  it('puts a relative --screenshot beside the report, not in the folder it ran from, and says where', async () => {
    const run = await runCli('harness/cli/report.ts', [smoke, '--screenshot', 'shot.png'], { timeoutMs: 60_000 });
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(path.join(smoke, 'shot.png'))).toBe(true);
    expect(existsSync(path.join(process.cwd(), 'shot.png'))).toBe(false);
    expect(run.stdout).toMatch(/screenshot: .*smoke\/shot\.png/);
  });

  it('puts the cells of a share vs consumer run side by side, with the share columns, and a scaling curve per variant', async () => {
    const file = writeReport(shareGroups);
    const html = readFileSync(file, 'utf8');
    const table = /<table id="cells-side-by-side"><thead><tr>(.*?)<\/tr><\/thead><tbody>(.*?)<\/tbody><\/table>/s.exec(html);
    expect(table, 'the side-by-side table').not.toBeNull();
    const columns = [...table![1]!.matchAll(/<th>(.*?)<\/th>/g)].map((m) => m[1]);
    expect(columns).toEqual([
      'cell',
      'group_protocol',
      'ok repeats',
      'achieved_rate',
      'lag_max_seconds',
      'e2e_p99_ms',
      'idle_replicas',
      'orders_duplicated',
      'orders_lost',
      'order_violations',
      'keys_out_of_order_pct',
      'redelivered_records',
      'delivery_count_max',
      'redelivery_delay_ms',
      'added_first_record_ms',
      'processing_gap_max_ms',
    ]);
    const rows = table![2]!.split('\n').map((r) => [...r.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1]));
    expect(rows.map((r) => r.slice(0, 3))).toEqual([
      ['p1-r4-rate150-java-share-simple', 'share', '3/3'],
      ['p1-r4-rate150-java-consumer-uniform', 'consumer', '3/3'],
      ['p4-r4-rate150-java-share-simple', 'share', '3/3'],
      ['p4-r4-rate150-java-consumer-uniform', 'consumer', '3/3'],
    ]);
    // Medians over the repeats: the consumer group at 1 partition idles 3 replicas and lags 30 s.
    expect(rows[1]!.slice(3, 7)).toEqual(['150', '30.28', '30048.3', '3']);
    // A consumer group has no delivery counts: not measured, not 0.
    expect(rows[1]![columns.indexOf('redelivered_records')]).toBe('not measured');
    expect(rows[0]![columns.indexOf('redelivered_records')]).toBe('1');

    const seen = await inspectReport(file);
    expect(seen.consoleErrors).toEqual([]);
    // No timeseries.csv or histograms/: the distribution, one scaling curve per consumer variant, the pauses,
    // and each replica's orders/s per cell (no per-cell series to draw over time).
    expect(seen.charts.map((c) => c.type)).toEqual(['bar', 'line', 'line', 'scatter', 'bar']);
    // inventory-0..3 and the added inventory-4, one bar each per cell.
    expect(seen.charts[4]).toMatchObject({ datasets: 5 });
    expect(html).toContain('Processed orders/s (partitions x replicas) — java-consumer-uniform');
  });

  it('draws per-replica throughput of each cell side by side: the share members all working, the consumer group on 1 partition with 1', async () => {
    const file = writeReport(sideBySide);
    const html = readFileSync(file, 'utf8');
    const table = /<table id="cells-side-by-side"><thead><tr>(.*?)<\/tr><\/thead><tbody>(.*?)<\/tbody><\/table>/s.exec(html);
    expect(table, 'the side-by-side table').not.toBeNull();
    const columns = [...table![1]!.matchAll(/<th>(.*?)<\/th>/g)].map((m) => m[1]);
    const rows = table![2]!.split('\n').map((r) => [...r.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1]));
    const at = (row: number, column: string) => rows[row]![columns.indexOf(column)];
    expect(rows.map((r) => [r[0], r[1], at(rows.indexOf(r), 'idle_replicas')])).toEqual([
      ['p1-r4-rate150-java-share-simple', 'share', '0'],
      ['p1-r4-rate150-java-consumer-uniform', 'consumer', '3'],
      ['p4-r4-rate150-java-consumer-uniform', 'consumer', '0'],
    ]);
    expect(at(0, 'orders_lost')).toBe('0');
    expect(at(1, 'redelivered_records')).toBe('not measured');

    const seen = await inspectReport(file);
    expect(seen.consoleErrors).toEqual([]);
    expect(seen.requests).toEqual([]);
    // The selected cell's 3 time charts and distribution (no histograms/), the sweep of the consumer
    // variant, the pauses, then side by side: the replicas' rates and one throughput chart per cell.
    expect(seen.charts.map((c) => c.type)).toEqual(['line', 'line', 'line', 'bar', 'line', 'scatter', 'bar', 'line', 'line', 'line']);
    const perCell = seen.charts.slice(-3);
    expect(perCell.map((c) => c.datasets)).toEqual([6, 6, 6]); // 5 replicas and the offered rate
    for (const chart of seen.charts.slice(-4)) {
      expect(chart.points).toBeGreaterThan(0);
      expect(chart.colouredPixels).toBeGreaterThan(200);
    }

    // Choosing another cell redraws only that cell's charts: the sweep, pauses and side-by-side ones stay.
    const after = await withReportPage(file, async (page) => {
      await page.selectOption('#cell-select', 'p4-r4-rate150-java-consumer-uniform#1');
      return inspectCharts(page);
    });
    expect(after.map((c) => c.type).sort()).toEqual(seen.charts.map((c) => c.type).sort());
  });

  it("describes only the cells a --cell run ran, not the scenario's whole sweep", () => {
    const one = path.join(root, 'one-cell');
    cpSync(sweep, one, { recursive: true });
    const metaFile = path.join(one, 'run.json');
    const meta = JSON.parse(readFileSync(metaFile, 'utf8'));
    writeFileSync(metaFile, JSON.stringify({ ...meta, onlyCells: ['p2-r2-rate150'] }));
    const html = readFileSync(writeReport(one), 'utf8');
    expect(html).toContain('Only p2-r2-rate150 (2 partitions, 2 replicas, 150 orders/s), run with --cell.');
    expect(html).not.toContain(meta.scenario.description);
  });
});
