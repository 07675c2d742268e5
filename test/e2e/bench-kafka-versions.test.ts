import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_KAFKA_VERSION } from '../../harness/broker/distribution.ts';
import { runCli } from '../support/cli.ts';
import { readCsv } from '../support/csv.ts';

/**
 * Kafka's release as a dimension: the smoke scenario on 4.1.1 beside the default, each cell on an
 * embedded broker of its own release (no --brokers: the run starts them), then compare across releases.
 */
const resultsRoot = mkdtempSync(path.join(os.tmpdir(), 'ksb-test-versions-'));
afterAll(() => rmSync(resultsRoot, { recursive: true, force: true }));
const env = { ...process.env, KAFKA_BROKERS: '' };
const bench = (args: string[]) => runCli('harness/cli/bench.ts', args, { env, timeoutMs: 240_000 });
const releases = `4.1.1,${DEFAULT_KAFKA_VERSION}`;

describe('npm run bench -- --kafka-version 4.1.1,<default>', () => {
  it('names the release dimension in --dry-run, and refuses a release that is not served before anything starts', async () => {
    const dry = await bench(['--scenario', 'smoke', '--kafka-version', releases, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^p2-r2-rate50-k4\.1\.1 .* kafka=4\.1\.1 /m);
    expect(dry.stdout).toMatch(new RegExp(`^p2-r2-rate50-k${DEFAULT_KAFKA_VERSION.replaceAll('.', '\\.')} `, 'm'));
    expect(dry.stdout).toContain('2 cells, 2 runs');

    const refused = await bench(['--scenario', 'smoke', '--kafka-version', '3.9.1', '--results-dir', resultsRoot]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('error[BAD_ARGUMENT]: --kafka-version: expected Kafka 4.0.0 or newer');
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(resultsRoot)).toEqual([]);
  });

  it('runs each cell on a broker of its release, records it, and compare calls the releases not like for like', async () => {
    const r = await bench(['--scenario', 'smoke', '--kafka-version', releases, '--results-dir', path.join(resultsRoot, 'runs')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Kafka 4.1.1)');
    expect(r.stderr).toContain(`Kafka ${DEFAULT_KAFKA_VERSION})`);
    const [folder] = readdirSync(path.join(resultsRoot, 'runs'));
    const dir = path.join(resultsRoot, 'runs', folder!);
    const rows = readCsv(path.join(dir, 'summary.csv'));
    expect(rows.map((row) => [row.cell, row.status, row.kafka_version, row.orders_lost, row.drained])).toEqual([
      ['p2-r2-rate50-k4.1.1', 'ok', '4.1.1', '0', 'true'],
      [`p2-r2-rate50-k${DEFAULT_KAFKA_VERSION}`, 'ok', DEFAULT_KAFKA_VERSION, '0', 'true'],
    ]);
    const meta = JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8'));
    expect(meta.versions.kafka).toBe(`4.1.1, ${DEFAULT_KAFKA_VERSION}`);
    expect(meta.kafka).toMatchObject({ mode: 'embedded-run', metadataVersion: '4.1-IV1' });
    expect(meta.clusters.map((c: { kafkaVersion: string; cells: string[] }) => [c.kafkaVersion, c.cells])).toEqual([
      ['4.1.1', ['p2-r2-rate50-k4.1.1']],
      [DEFAULT_KAFKA_VERSION, [`p2-r2-rate50-k${DEFAULT_KAFKA_VERSION}`]],
    ]);

    // The same figures said to come from one release only: the environment check must say so.
    const other = path.join(resultsRoot, 'one-release');
    cpSync(dir, other, { recursive: true });
    writeFileSync(path.join(other, 'run.json'), JSON.stringify({ ...meta, versions: { ...meta.versions, kafka: DEFAULT_KAFKA_VERSION } }));
    const c = await runCli('harness/cli/compare.ts', [dir, other, '-t', 'orders_lost=0'], { timeoutMs: 60_000 });
    expect(c.stdout).toContain('NOT LIKE FOR LIKE: the Kafka setup differs between the runs');
    expect(c.stdout).toContain(`Kafka 4.1.1, ${DEFAULT_KAFKA_VERSION} (baseline) vs embedded-run, 1 node, Kafka ${DEFAULT_KAFKA_VERSION} (candidate)`);
  });
});
