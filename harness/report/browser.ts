import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { HarnessError } from '../model/errors.ts';

/**
 * Opens report.html in headless Chromium (Debian's /usr/bin/chromium, or CHROMIUM_PATH) through
 * playwright-core, in a fresh profile, with every network request blocked and recorded: the
 * report must not need one.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface ChartInspection {
  type: string;
  datasets: number;
  points: number;
  /** Pixels in the chart's canvas that carry a saturated colour (data, not grid or text). */
  colouredPixels: number;
}

export interface ReportInspection {
  charts: ChartInspection[];
  consoleErrors: string[];
  /** Requests for anything but the file itself: should stay empty. */
  requests: string[];
  cell: string | undefined;
}

type Page = import('playwright-core').Page;

export async function withReportPage<T>(htmlFile: string, body: (page: Page, seen: { consoleErrors: string[]; requests: string[] }) => Promise<T>): Promise<T> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new HarnessError('BROWSER_MISSING', `no Chromium at ${executablePath}`, {
      hint: 'apt-get install -y chromium, or point CHROMIUM_PATH at a Chromium binary',
    });
  }
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (err) {
    throw new HarnessError('BROWSER_MISSING', 'playwright-core is not installed', { hint: 'npm install (it is a dev dependency)', cause: err });
  }
  const profile = mkdtempSync(path.join(os.tmpdir(), 'ksb-chromium-'));
  // A fresh profile per run; playwright takes it as userDataDir rather than --user-data-dir.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const seen = { consoleErrors: [] as string[], requests: [] as string[] };
    page.on('console', (m) => {
      if (m.type() === 'error') seen.consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => seen.consoleErrors.push(e.message));
    const local = (url: string) => url.startsWith('file:') || url.startsWith('data:') || url.startsWith('about:');
    const record = (url: string) => {
      if (!local(url) && !seen.requests.includes(url)) seen.requests.push(url);
    };
    // Both: the route blocks what it sees, the listener catches what a route would not.
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (local(url)) return route.continue();
      record(url);
      return route.abort();
    });
    page.on('request', (r) => record(r.url()));
    await page.goto(pathToFileURL(path.resolve(htmlFile)).href);
    await page
      .waitForFunction(() => document.body.dataset.ready === 'true' || document.body.dataset.ready === 'failed', undefined, { timeout: 15_000 })
      .catch(() => {});
    return await body(page, seen);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** What rendered: every Chart.js chart with its data points and coloured pixels. */
export async function inspectCharts(page: Page): Promise<ChartInspection[]> {
  return page.evaluate(() => {
    const w = window as unknown as {
      ksbReport?: { charts: Array<{ config: { type: string }; data: { datasets: Array<{ data: unknown[] }> }; canvas: HTMLCanvasElement }> };
    };
    return (w.ksbReport?.charts ?? []).map((chart) => {
      const { canvas } = chart;
      const ctx = canvas.getContext('2d')!;
      const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let coloured = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        const r = pixels[i]!,
          g = pixels[i + 1]!,
          b = pixels[i + 2]!,
          a = pixels[i + 3]!;
        if (a > 128 && Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured++;
      }
      return {
        type: chart.config.type,
        datasets: chart.data.datasets.length,
        points: chart.data.datasets.reduce((n, d) => n + d.data.filter((v) => v !== null).length, 0),
        colouredPixels: coloured,
      };
    });
  });
}

export async function inspectReport(htmlFile: string): Promise<ReportInspection> {
  return withReportPage(htmlFile, async (page, seen) => ({
    charts: await inspectCharts(page),
    consoleErrors: seen.consoleErrors,
    requests: seen.requests,
    cell: await page.evaluate(() => document.body.dataset.cell),
  }));
}

/** A full-page PNG of the report, for a person to look at. */
export async function screenshotReport(htmlFile: string, pngFile: string): Promise<void> {
  await withReportPage(htmlFile, async (page) => {
    await page.screenshot({ path: pngFile, fullPage: true });
  });
}
