import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runScenario } from '../../harness/run/sweep.ts';
import { loadScenario, resolveScenarioFile } from '../../harness/scenario/index.ts';
import { runCli } from '../support/cli.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'ksb-compare-'));
const compareCli = (args: string[]) => runCli('harness/cli/compare.ts', args, { timeoutMs: 60_000 });
let run = '';

/** A copy of the real run with summary.csv rows changed by `edit`. */
function variant(name: string, edit: (row: Record<string, string>) => void): string {
  const dir = path.join(root, name);
  cpSync(run, dir, { recursive: true });
  const file = path.join(dir, 'summary.csv');
  const rows = parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];
  rows.forEach(edit);
  writeFileSync(file, stringify(rows, { header: true, columns: Object.keys(rows[0]!) }));
  return dir;
}

beforeAll(async () => {
  const outcome = await runScenario({
    scenario: loadScenario('smoke'),
    scenarioFile: resolveScenarioFile('smoke'),
    brokers: inject('kafkaBrokers'),
    resultsRoot: path.join(root, 'runs'),
  });
  expect(outcome.status).toBe('ok');
  run = outcome.folder.dir;
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('npm run compare on real smoke results', () => {
  it('passes a run against itself under the shipped thresholds (exit 0)', async () => {
    const r = await compareCli([run, run, '--thresholds', 'bench/thresholds.yaml']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('OK: every cell within its limits');
    expect(r.stdout).toMatch(/e2e_p99_ms \(ms\)\s+[\d.]+\s+[\d.]+\s+±0 \(±0\.0%\)\s+\+50%\s+ok/);
    expect(r.stderr).toBe('');
  });

  it('matches the committed baseline cell for cell (exit 0 on correctness limits)', async () => {
    const r = await compareCli(['bench/baselines/smoke', run, '-t', 'orders_lost=0', '-t', 'orders_duplicated=0']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('p2-r2-rate50');
  });

  it('fails a copy with a worse p99 (exit 3) and names the metric', async () => {
    const worse = variant('worse-p99', (row) => (row.e2e_p99_ms = String(Number(row.e2e_p99_ms) * 3)));
    const r = await compareCli([run, worse, '--threshold', 'e2e_p99_ms=+50%']);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/REGRESSION: 1 limit crossed\n\s+p2-r2-rate50: e2e_p99_ms .* \(\+200\.0%\), limit \+50%/);
    expect(r.stderr).toBe('');

    const md = await compareCli([run, worse, '--thresholds', 'bench/thresholds.yaml', '--format', 'markdown']);
    expect(md.code).toBe(3);
    expect(md.stdout).toMatch(/^### Benchmark comparison: FAILED/);
    expect(md.stdout).toMatch(/^\| e2e_p99_ms \(ms\) \|.*\| \+50% \| \*\*REGRESSION\*\* \|$/m);
  });

  it('fails a copy that lost an order (exit 3), in every format', async () => {
    const lost = variant('lost', (row) => (row.orders_lost = '1'));
    const r = await compareCli([run, lost, '--thresholds', 'bench/thresholds.yaml']);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('p2-r2-rate50: orders_lost = 1, limit =0 (absolute)');
    const json = await compareCli([run, lost, '-t', 'orders_lost=0', '--format', 'json']);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, regressions: [{ cell: 'p2-r2-rate50', metric: 'orders_lost' }] });
  });

  it('says where the environments differ, and that the Kafka setup does, before the verdict; --out writes the JSON', async () => {
    const cluster = variant('three-nodes', (row) => (row.e2e_p99_ms = String(Number(row.e2e_p99_ms) * 2)));
    const metaFile = path.join(cluster, 'run.json');
    const meta = JSON.parse(readFileSync(metaFile, 'utf8'));
    meta.kafka = { ...meta.kafka, mode: 'embedded-shared', nodes: 3 };
    writeFileSync(metaFile, JSON.stringify(meta));
    const out = path.join(root, 'comparison.json');
    const r = await compareCli([run, cluster, '-t', 'e2e_p99_ms=+10%', '--out', out]);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/environment differs:\n  Kafka setup: [a-z-]+, 1 node[^(]* \(baseline\) vs embedded-shared, 3 nodes[^(]* \(candidate\)/);
    expect(r.stdout).toMatch(/\nNOT LIKE FOR LIKE: the Kafka setup differs between the runs[^\n]*\nREGRESSION: 1 limit crossed/);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ ok: false, environment: [{ aspect: 'kafka', setup: true }] });
  });

  it('exits 2 with one clear line on bad usage', async () => {
    const notResults = path.join(root, 'empty');
    mkdirSync(notResults);
    const renamed = variant('renamed', (row) => (row.cell = 'p9-r9-rate50'));
    const badFile = path.join(root, 'thresholds.yaml');
    writeFileSync(badFile, 'orders_lost: 0\nlatency_p99: +10%\n');
    const cases: Array<[string[], RegExp]> = [
      [[run, run, '-t', 'latency=+10%'], /^error\[THRESHOLD_INVALID\]: --threshold "latency=\+10%": unknown metric latency/],
      [[run, run, '--thresholds', badFile], /^error\[THRESHOLD_INVALID\]: .*thresholds\.yaml:2: latency_p99: unknown metric/],
      [[run, path.join(root, 'missing')], /^error\[RESULTS_NOT_FOUND\]: .*missing: no such folder/],
      [[run, notResults], /^error\[RESULTS_INVALID\]: .*empty is not a results folder: no run\.json and no summary\.csv/],
      [[run, renamed], /^error\[CELLS_MISMATCH\]: the cells do not match \(only in the baseline: p2-r2-rate50; only in the candidate: p9-r9-rate50\)/],
      [[run], /^error\[BAD_ARGUMENT\]: name a baseline and a candidate results folder/],
      [[run, run, '--format', 'html'], /^error\[BAD_ARGUMENT\]: Invalid values:\n\s+Argument: format, Given: "html"/],
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
