import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { isPortFree } from '../../harness/broker/index.ts';
import { repoRoot } from '../../harness/paths.ts';
import { formatIssue, parseScenarioText, validateScenario } from '../../harness/scenario/index.ts';

/**
 * The documentation's examples, run as written: the README's and every docs/*.md page's. Every
 * line of every ```sh block is either run (in its block's order, one bash script per block,
 * against the suite's broker) or named below with the reason it is not, wherever the line lives.
 * A new or changed example that is neither fails here, and so does a stale one.
 */
const SKIPPED: Record<string, string> = {
  'npm ci && npm run bench -- --scenario scale-out':
    'npm ci would reinstall node_modules under the running suite; the run itself is test/e2e/bench-scale-out.test.ts',
  'npm ci && npm test': 'the suite itself',
  'npm run bench -- --scenario scale-out': '~1 min; test/e2e/bench-scale-out.test.ts runs it',
  'npm run bench -- --scenario my.yaml --brokers kafka-1:9092': 'needs a cluster named kafka-1; the same file runs above against the suite broker',
  'npm run bench -- --scenario sweep --cell p2-r2-rate150': '~30 s of a saturated cell; the copied smoke scenario above runs the same path',
  'npm run compare -- <baseline-dir> <candidate-dir> [--thresholds bench/thresholds.yaml] [-t e2e_p99_ms=+10%]... [--format table|markdown|json]':
    'a synopsis; the concrete compare lines below run',
  'npm run plan -- <sweep-results-dir> --target-rate 120 [--headroom 0.2] [--max-lag-seconds 2] [--max-p99-ms 500]':
    'a synopsis; the concrete plan line below runs',
  'npm run report -- <results-dir> [--screenshot report.png]': 'a synopsis; test/e2e/report.test.ts runs report and --screenshot',
  'npm run analyze -- <results-dir>': 'a synopsis; test/e2e/bench-smoke.test.ts runs analyze',
  'npm run broker -- start [--nodes 3] [--port 9092|0] [--data-dir .kafka] [--heap 512] [--fresh] [--kafka-version 4.4.0]':
    'a synopsis; test/e2e/broker-cli.test.ts starts and stops brokers',
  'npm run broker -- status | stop | logs [-n 40] | fetch [--kafka-version 4.1.1]': 'a synopsis; test/e2e/broker-cli.test.ts runs each',
  'npm test': 'the suite itself',
  'npm run test:unit': 'the suite itself',
  'npm run test:integration': 'the suite itself',
  'npm run bench:broker': 'a benchmark (minutes), not a test',
  'npm run bench:max-rate': 'a benchmark (minutes), not a test',
  'npm run bench:order': 'a benchmark (minutes), not a test',
  'npm run bench -- --scenario protocols': 'about 35 min; test/e2e/bench-protocols.test.ts runs a short version of it',
  'npm run bench -- --scenario protocols --kafka-version 4.1.1,4.4.0':
    'about an hour; test/e2e/bench-kafka-versions.test.ts sweeps the same two releases on the smoke scenario',
  'npm run bench -- --scenario assignment-interval': 'about 15 min; test/integration/group-config.test.ts checks the group config it sets',
  'npm run bench:protocols-table -- results/<timestamp>-protocols': 'needs a protocols results folder (35 min to make)',
  'npm run report -- results/<timestamp>-protocols': 'needs a protocols results folder; test/e2e/report.test.ts runs report',
  'npm run plan -- results/<timestamp>-protocols --target-rate 300 --consumer java-consumer-uniform':
    'needs a protocols results folder; test/unit/plan.test.ts plans for one variant',
  'npm run bench:replica-ceiling': 'a benchmark (minutes), not a test',
  'npm run bench:generator': 'a benchmark (minutes), not a test',
  'npm run bench:probe-cost': 'a benchmark (minutes), not a test',
  'npm run load -- --scenario sweep --cell p4-r4-rate150 --segment 0/3 --start-at 1767225600000 --out seg-0 --url http://order:8081/orders':
    'needs an order service at order:8081; test/e2e/load-segments.test.ts runs 3 segments and bench --segments',
  'npm run bench -- --segments seg-0 seg-1 seg-2': 'needs the three segments above; test/e2e/load-segments.test.ts merges three',
  'npm run bench -- --scenario spring-boot': '~1m 45s; test/e2e/spring-boot.test.ts runs it shortened (java -jar, classic protocol)',
  'npm run bench -- --scenario spring-consumer.yaml':
    "~1m 45s; test/e2e/spring-boot.test.ts runs the consumer protocol (with the page's mvn spring-boot:run command); the dry run above checks the file",
  'grep -h "partitions assigned" results/*-spring-boot/raw/*/replica-*.log':
    "needs a spring-boot results folder; test/e2e/spring-boot.test.ts reads the replicas' logs",
};

const brokers = inject('kafkaBrokers');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'ksb-readme-'));
const resultsDir = path.join(repoRoot, 'results');
const listResults = () => (existsSync(resultsDir) ? readdirSync(resultsDir) : []);
const resultsBefore = new Set(listResults());
/** Where the documentation says 127.0.0.1:9092 the suite's broker answers; files the examples write go to a temporary folder. */
const SUBSTITUTIONS: Array<[string, string]> = [
  ['127.0.0.1:9092', brokers],
  [' my.yaml', ` ${path.join(tmp, 'my.yaml')}`],
  [' spring-consumer.yaml', ` ${path.join(tmp, 'spring-consumer.yaml')}`],
  ['/tmp/comparison.json', path.join(tmp, 'comparison.json')],
];

/**
 * The README first, then the topic pages in docs/ by name, except that the lab's page runs before
 * them all: its block leaves the topic labshoppubsub and the group inventory on the suite's broker,
 * and docs/broker.md's block describes them.
 */
const RUN_FIRST = ['docs/lab.md'];
const docsDir = path.join(repoRoot, 'docs');
const docPages = existsSync(docsDir)
  ? readdirSync(docsDir)
      .filter((f) => f.endsWith('.md'))
      .sort()
      .map((f) => `docs/${f}`)
  : [];
const pages = ['README.md', ...RUN_FIRST.filter((p) => docPages.includes(p)), ...docPages.filter((p) => !RUN_FIRST.includes(p))];
const texts = new Map(pages.map((page) => [page, readFileSync(path.join(repoRoot, page), 'utf8')]));
/** Every page's sh blocks, numbered within their page. */
const blocks = pages.flatMap((page) =>
  [...texts.get(page)!.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m, i) => ({ page, index: i + 1, lines: commandLines(m[1]!) })),
);
/** The scenario example: the first yaml block of the scenarios page. */
const SCENARIO_PAGE = 'docs/scenarios.md';

/** A block's commands, each without its trailing `# comment`. */
function commandLines(block: string): string[] {
  return block
    .split('\n')
    .map((l) => l.replace(/\s+#\s.*$/, '').trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

function sh(script: string, timeoutMs: number): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', `set -euo pipefail\ntrap 'echo "documentation line failed: $BASH_COMMAND" >&2' ERR\n${script}`], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, KAFKA_BROKERS: brokers },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

const substitute = (line: string) => SUBSTITUTIONS.reduce((l, [from, to]) => l.split(from).join(to), line);

afterAll(async () => {
  // If a block failed half-way, the lab may still run: stop it like docs/lab.md does.
  await sh('npm run -s lab -- stop', 60_000);
  // The copied scenario's run folder is the only one the examples leave in results/.
  for (const dir of listResults()) if (dir.endsWith('-my') && !resultsBefore.has(dir)) rmSync(path.join(resultsDir, dir), { recursive: true, force: true });
  rmSync(tmp, { recursive: true, force: true });
});

describe('the README and docs/', () => {
  it('has its sh blocks found', () => {
    expect(blocks.filter((b) => b.page === 'README.md').length).toBeGreaterThanOrEqual(2);
    expect(blocks.length).toBeGreaterThanOrEqual(8);
  });

  it('skips only lines it still has, each with a reason', () => {
    const all = blocks.flatMap((b) => b.lines);
    for (const [line, reason] of Object.entries(SKIPPED)) {
      expect(all, `skipped line no longer in the README or docs/: ${line}`).toContain(line);
      expect(reason.length).toBeGreaterThan(5);
    }
  });

  it('has a scenario example that the schema accepts', () => {
    const yamlBlock = /^```yaml\n([\s\S]*?)^```$/m.exec(texts.get(SCENARIO_PAGE) ?? '')?.[1];
    expect(yamlBlock).toBeDefined();
    const parsed = parseScenarioText(yamlBlock!, SCENARIO_PAGE);
    expect(parsed.ok).toBe(true);
    const result = validateScenario(parsed.ok ? parsed.raw : undefined, 'scale-out.yaml');
    expect(result.ok ? [] : result.issues.map(formatIssue)).toEqual([]);
  });

  // A block whose every line is named in SKIPPED (the suite itself, benchmarks, synopses) has
  // nothing to run: it is accounted for here, not registered as a skipped test.
  const runnable = blocks.map((block) => ({ ...block, run: block.lines.filter((l) => !(l in SKIPPED)) }));
  it('names a reason for every line of the blocks it does not run', () => {
    const notRun = runnable.filter((b) => b.run.length === 0);
    for (const block of notRun) for (const line of block.lines) expect(SKIPPED[line], `${block.page} block ${block.index}: ${line}`).toBeTruthy();
    expect(runnable.filter((b) => b.run.length > 0).length).toBeGreaterThanOrEqual(8);
  });

  for (const { run, ...block } of runnable.filter((b) => b.run.length > 0)) {
    const title = `${block.page} block ${block.index} runs as written (${run.length} of ${block.lines.length} lines): ${run[0]!.slice(0, 50)}`;
    it(title, { timeout: 240_000 }, async () => {
      const { code, out } = await sh(run.map(substitute).join('\n'), 230_000);
      expect(code, out.slice(-4000)).toBe(0);
      const labStart = run.find((l) => l.startsWith('npm run lab -- start'));
      if (labStart?.includes('share')) {
        // The README's share group: both replicas on the one partition, the six orders all applied between them, the share offsets.
        expect(out).toMatch(/inventory-8082 .*partitions \[0\]/);
        expect(out).toMatch(/inventory-8083 .*partitions \[0\]/);
        const stocks = [...out.matchAll(/inventory-808[23] .*partitions \[0\] .*stock #1=(\d+)/g)].map((m) => Number(m[1]));
        expect(stocks.length, out).toBe(2);
        expect(20 - stocks[0]! - stocks[1]!).toBe(6);
        expect(out).toMatch(/partition 0: end offset 6, share-partition start offset \d+, lag 0, shared by inventory-8082, inventory-8083/);
        expect(await isPortFree(8081)).toBe(true);
      } else if (labStart) {
        // The lab's story: one replica idles, then the topic grows and both own a partition.
        expect(out).toMatch(/inventory-8083 .*partitions \[\]/);
        expect(out).toMatch(/inventory-8083 .*partitions \[1\]/);
        // `lab status` reads the stock once the group caught up: the four orders all applied.
        expect(out).toMatch(/lag 0\n(?:[^\n]*\n){0,2}[^\n]*inventory-808[23][^\n]*stock #1=6/);
        expect(await isPortFree(8081)).toBe(true);
      }
      if (run.some((l) => l.includes('kafka-producer-perf-test'))) expect(out).toMatch(/100000 records sent/);
      if (run.some((l) => l.includes('--scenario my.yaml'))) expect(out).toMatch(/results: .*-my/);
    });
  }
});
