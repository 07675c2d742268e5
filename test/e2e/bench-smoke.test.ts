import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SUMMARY_COLUMNS } from '../../harness/results/csv/summary.ts';
import { CONSUMER_COLUMNS } from '../../harness/results/csv/consumers.ts';
import { TIMESERIES_COLUMNS } from '../../harness/results/csv/timeseries.ts';
import { REBALANCE_COLUMNS } from '../../harness/results/csv/rebalances.ts';
import { runCli, type CliRun } from '../support/cli.ts';
import { readCsv, readHeader } from '../support/csv.ts';

const brokers = inject('kafkaBrokers');
const resultsRoot = mkdtempSync(path.join(os.tmpdir(), 'ksb-test-results-'));
const bench = (args: string[]) => runCli('harness/cli/bench.ts', args, { timeoutMs: 180_000 });

afterAll(() => rmSync(resultsRoot, { recursive: true, force: true }));

/** One smoke run: its files are checked below, and compare runs on them (and on edited copies). */
let smoke: CliRun;
let folder: string | undefined;
let dir: string;
beforeAll(async () => {
  smoke = await bench(['--scenario', 'smoke', '--brokers', brokers, '--results-dir', path.join(resultsRoot, 'runs')]);
  expect(smoke.code, smoke.stderr).toBe(0);
  [folder] = readdirSync(path.join(resultsRoot, 'runs')).filter((d) => d.endsWith('-smoke'));
  dir = path.join(resultsRoot, 'runs', folder ?? '');
}, 180_000);

describe('npm run bench -- --scenario smoke', () => {
  it('runs the smoke scenario end to end and writes every file with its columns', () => {
    expect(smoke.stdout).toMatch(/p2-r2-rate50\s+1\s+ok/);
    expect(folder).toBeDefined();
    expect(smoke.stdout).toContain(folder);

    expect(readHeader(path.join(dir, 'summary.csv'))).toEqual([...SUMMARY_COLUMNS]);
    expect(readHeader(path.join(dir, 'consumers.csv'))).toEqual([...CONSUMER_COLUMNS]);
    expect(readHeader(path.join(dir, 'timeseries.csv'))).toEqual([...TIMESERIES_COLUMNS]);
    expect(readHeader(path.join(dir, 'rebalances.csv'))).toEqual([...REBALANCE_COLUMNS]);
    for (const kind of ['e2e', 'http']) {
      const file = path.join(dir, 'histograms', `p2-r2-rate50-1-${kind}.csv`);
      expect(readHeader(file)).toEqual(['Value', 'Percentile', 'TotalCount', '1/(1-Percentile)']);
      const rows = readCsv(file);
      expect(Number(rows.at(-1)!.Percentile)).toBe(1);
    }

    const [summary] = readCsv(path.join(dir, 'summary.csv'));
    expect(summary).toMatchObject({ cell: 'p2-r2-rate50', repeat: '1', status: 'ok', partitions: '2', replicas: '2', target_rate: '50' });
    expect(Math.abs(Number(summary!.achieved_rate) - 50) / 50).toBeLessThan(0.05);
    // 2 s warm-up + 8 s at 50/s: every order accepted, processed exactly once.
    expect(Number(summary!.orders_accepted)).toBeGreaterThanOrEqual(495);
    expect(summary!.orders_processed).toBe(summary!.orders_accepted);
    expect(summary!.orders_lost).toBe('0');
    expect(summary!.orders_duplicated).toBe('0');
    expect(Number(summary!.e2e_p50_ms)).toBeGreaterThan(0);
    expect(Number(summary!.e2e_p99_ms)).toBeGreaterThanOrEqual(Number(summary!.e2e_p50_ms));
    expect(summary!.idle_replicas).toBe('0');
    expect(summary!.drained).toBe('true');
    // --brokers: the cluster's own word for its version (the suite's broker is the default release).
    expect(summary!.kafka_version).toMatch(/^metadata\.version \d+\.\d+-IV\d+$/);

    const consumers = readCsv(path.join(dir, 'consumers.csv'));
    expect(consumers.map((c) => c.replica).sort()).toEqual(['inventory-0', 'inventory-1']);
    expect(consumers.map((c) => c.partitions).sort()).toEqual(['0', '1']);

    const series = readCsv(path.join(dir, 'timeseries.csv'));
    expect(new Set(series.map((s) => s.metric))).toEqual(new Set(['throughput', 'lag', 'lag_seconds', 'offered', 'http_ok']));

    const meta = JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8'));
    expect(meta).toMatchObject({ status: 'ok', versions: { node: process.version }, kafka: { mode: 'external' } });
    expect(meta.scenarioHash).toMatch(/^[0-9a-f]{64}$/);
    expect(meta.machine.cpus).toBeGreaterThan(0);
    expect(existsSync(path.join(dir, 'raw', 'p2-r2-rate50-1', 'cell.json'))).toBe(true);
  });

  it('lists the shipped scenarios and prints expanded cells on --dry-run', async () => {
    const list = await bench(['--list']);
    for (const name of ['scale-out', 'sweep', 'scale-in', 'smoke']) expect(list.stdout).toMatch(new RegExp(`^${name}\\s`, 'm'));
    const dry = await bench(['--scenario', 'sweep', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout.match(/^p\d-r\d-rate150 /gm)).toHaveLength(16);
  });

  it('rejects a broken scenario with every problem and no stack trace', async () => {
    const file = path.join(resultsRoot, 'broken.yaml');
    writeFileSync(file, 'topology:\n  partitions: 0\n  replicas: 2\n  colour: blue\nload:\n  rate: fast\n  durationS: 10\n');
    const run = await bench(['--scenario', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error[SCENARIO_INVALID]');
    expect(run.stderr).toMatch(/topology\.partitions: .*got 0/);
    expect(run.stderr).toMatch(/topology\.colour/);
    expect(run.stderr).toMatch(/load\.rate: .*"fast"/);
    expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    const missing = await bench(['--scenario', 'no-such-scenario']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('error[SCENARIO_NOT_FOUND]');
    const badFlag = await bench(['--scenario', 'smoke', '--cell', 'p9-r9-rate1', '--dry-run']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain('--cell p9-r9-rate1: no such cell in smoke');
  });
});

const compareCli = (args: string[]) => runCli('harness/cli/compare.ts', args, { timeoutMs: 60_000 });

/** A copy of the real run with summary.csv rows changed by `edit`. */
function variant(name: string, edit: (row: Record<string, string>) => void): string {
  const copy = path.join(resultsRoot, name);
  cpSync(dir, copy, { recursive: true });
  const file = path.join(copy, 'summary.csv');
  const rows = parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];
  rows.forEach(edit);
  writeFileSync(file, stringify(rows, { header: true, columns: Object.keys(rows[0]!) }));
  return copy;
}

describe('npm run compare on real smoke results', () => {
  it('passes a run against itself under the shipped thresholds (exit 0)', async () => {
    const r = await compareCli([dir, dir, '--thresholds', 'bench/thresholds.yaml']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('OK: every cell within its limits');
    expect(r.stdout).toMatch(/e2e_p99_ms \(ms\)\s+[\d.]+\s+[\d.]+\s+±0 \(±0\.0%\)\s+\+50%\s+ok/);
    expect(r.stderr).toBe('');
  });

  it('matches the committed baseline cell for cell (exit 0 on correctness limits)', async () => {
    const r = await compareCli(['bench/baselines/smoke', dir, '-t', 'orders_lost=0', '-t', 'orders_duplicated=0']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('p2-r2-rate50');
  });

  it('fails a copy with a worse p99 (exit 3) and names the metric', async () => {
    const worse = variant('worse-p99', (row) => (row.e2e_p99_ms = String(Number(row.e2e_p99_ms) * 3)));
    const r = await compareCli([dir, worse, '--threshold', 'e2e_p99_ms=+50%']);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/REGRESSION: 1 limit crossed\n\s+p2-r2-rate50: e2e_p99_ms .* \(\+200\.0%\), limit \+50%/);
    expect(r.stderr).toBe('');

    const md = await compareCli([dir, worse, '--thresholds', 'bench/thresholds.yaml', '--format', 'markdown']);
    expect(md.code).toBe(3);
    expect(md.stdout).toMatch(/^### Benchmark comparison: FAILED/);
    expect(md.stdout).toMatch(/^\| e2e_p99_ms \(ms\) \|.*\| \+50% \| \*\*REGRESSION\*\* \|$/m);
  });

  it('fails a copy that lost an order (exit 3), in every format', async () => {
    const lost = variant('lost', (row) => (row.orders_lost = '1'));
    const r = await compareCli([dir, lost, '--thresholds', 'bench/thresholds.yaml']);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('p2-r2-rate50: orders_lost = 1, limit =0 (absolute)');
    const json = await compareCli([dir, lost, '-t', 'orders_lost=0', '--format', 'json']);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, regressions: [{ cell: 'p2-r2-rate50', metric: 'orders_lost' }] });
  });

  it('says where the environments differ, and that the Kafka setup does, before the verdict; --out writes the JSON', async () => {
    const cluster = variant('three-nodes', (row) => (row.e2e_p99_ms = String(Number(row.e2e_p99_ms) * 2)));
    const metaFile = path.join(cluster, 'run.json');
    const meta = JSON.parse(readFileSync(metaFile, 'utf8'));
    meta.kafka = { ...meta.kafka, mode: 'embedded-shared', nodes: 3 };
    writeFileSync(metaFile, JSON.stringify(meta));
    const out = path.join(resultsRoot, 'comparison.json');
    const r = await compareCli([dir, cluster, '-t', 'e2e_p99_ms=+10%', '--out', out]);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/environment differs:\n {2}Kafka setup: [a-z-]+, 1 node[^(]* \(baseline\) vs embedded-shared, 3 nodes[^(]* \(candidate\)/);
    expect(r.stdout).toMatch(/\nNOT LIKE FOR LIKE: the Kafka setup differs between the runs[^\n]*\nREGRESSION: 1 limit crossed/);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ ok: false, environment: [{ aspect: 'kafka', setup: true }] });
  });

  it('exits 2 with one clear line on bad usage', async () => {
    const notResults = path.join(resultsRoot, 'empty');
    mkdirSync(notResults);
    const renamed = variant('renamed', (row) => (row.cell = 'p9-r9-rate50'));
    const badFile = path.join(resultsRoot, 'thresholds.yaml');
    writeFileSync(badFile, 'orders_lost: 0\nlatency_p99: +10%\n');
    const cases: Array<[string[], RegExp]> = [
      [[dir, dir, '-t', 'latency=+10%'], /^error\[THRESHOLD_INVALID\]: --threshold "latency=\+10%": unknown metric latency/],
      [[dir, dir, '--thresholds', badFile], /^error\[THRESHOLD_INVALID\]: .*thresholds\.yaml:2: latency_p99: unknown metric/],
      [[dir, path.join(resultsRoot, 'missing')], /^error\[RESULTS_NOT_FOUND\]: .*missing: no such folder/],
      [[dir, notResults], /^error\[RESULTS_INVALID\]: .*empty is not a results folder: no run\.json and no summary\.csv/],
      [[dir, renamed], /^error\[CELLS_MISMATCH\]: the cells do not match \(only in the baseline: p2-r2-rate50; only in the candidate: p9-r9-rate50\)/],
      [[dir], /^error\[BAD_ARGUMENT\]: name a baseline and a candidate results folder/],
      [[dir, dir, '--format', 'html'], /^error\[BAD_ARGUMENT\]: Invalid values:\n\s+Argument: format, Given: "html"/],
    ];
    const results = await Promise.all(cases.map(([args]) => compareCli(args)));
    results.forEach((r, i) => {
      const [args, message] = cases[i]!;
      expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe('');
    });
  });
});

const analyzeCli = (args: string[]) => runCli('harness/cli/analyze.ts', args, { timeoutMs: 60_000 });

describe('npm run analyze on real smoke results', () => {
  it('rewrites every CSV file from raw/ alone, the same as the run wrote them', async () => {
    const copy = path.join(resultsRoot, 'reanalyzed');
    cpSync(dir, copy, { recursive: true });
    const written = [
      'summary.csv',
      'consumers.csv',
      'timeseries.csv',
      'rebalances.csv',
      ...readdirSync(path.join(dir, 'histograms')).map((f) => path.join('histograms', f)),
    ];
    for (const file of written) rmSync(path.join(copy, file));

    const r = await analyzeCli([copy]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/p2-r2-rate50\s+1\s+ok/);
    expect(r.stdout).toContain(`rewrote the CSV files in ${copy}`);
    for (const file of written) expect(readFileSync(path.join(copy, file), 'utf8'), file).toBe(readFileSync(path.join(dir, file), 'utf8'));
  });

  it('exits 2 with one clear line for a folder that is not a run', async () => {
    const notRun = mkdtempSync(path.join(resultsRoot, 'not-a-run-'));
    const cases: Array<[string[], RegExp]> = [
      [[notRun], /^error\[RESULTS_INVALID\]: .*not-a-run-\w+ has no raw\/ folder: not a results folder of npm run bench/],
      [[], /^error\[BAD_ARGUMENT\]: name one results folder/],
    ];
    for (const [args, message] of cases) {
      const r = await analyzeCli(args);
      expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
