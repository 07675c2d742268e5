import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../harness/paths.ts';
import { spawnCli } from '../support/cli.ts';
import { readCsv } from '../support/csv.ts';
import { processesMatching } from '../support/processes.ts';

const resultsRoot = mkdtempSync(path.join(os.tmpdir(), 'ksb-test-interrupt-'));
afterAll(() => rmSync(resultsRoot, { recursive: true, force: true }));

describe('Ctrl-C during a run', () => {
  it("stops load, services and the run's own broker, keeps finished cells and exits 130", async () => {
    // No KAFKA_BROKERS: the bench starts (and must stop) an embedded broker of its own.
    const env = { ...process.env };
    delete env.KAFKA_BROKERS;
    const scenario = path.join(repoRoot, 'test/fixtures/scenarios-run/two-cells.yaml');
    const child = spawnCli('harness/cli/bench.ts', ['--scenario', scenario, '--results-dir', resultsRoot], env);
    let stderr = '';
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    const interrupted = new Promise<void>((resolve) => {
      child.stderr!.on('data', (d: Buffer) => {
        stderr += d.toString();
        // The second cell is measuring: interrupt it.
        if (/\[2\/2\] p2-r1-rate40#1\s+measure/.test(stderr)) resolve();
      });
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await Promise.race([interrupted, exited]);
    child.kill('SIGINT');
    const code = await exited;
    expect(code, stderr).toBe(130);
    expect(stderr).toContain('interrupted: stopping the load and the services');

    const dir = path.join(resultsRoot, readdirSync(resultsRoot)[0]!);
    const summary = readCsv(path.join(dir, 'summary.csv'));
    expect(summary.map((s) => [s.cell, s.status])).toEqual([
      ['p1-r1-rate40', 'ok'],
      ['p2-r1-rate40', 'interrupted'],
    ]);
    expect(Number(summary[0]!.orders_lost)).toBe(0);
    // What the interrupted cell measured is kept too.
    expect(Number(summary[1]!.orders_accepted)).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8')).status).toBe('interrupted');
    expect(stdout).toContain(`results: `);

    // Nothing left: no service of this run, no broker it started.
    expect(processesMatching(dir)).toEqual([]);
    expect(processesMatching('ksb-run-broker-')).toEqual([]);
  });
});
