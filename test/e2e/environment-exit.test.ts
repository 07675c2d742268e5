import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { freePorts } from '../../harness/broker/index.ts';
import { runCli } from '../support/cli.ts';

/** A port nothing listens on: an unreachable cluster, as a user with a typo or a stopped broker sees it. */
const nowhere = async () => `127.0.0.1:${(await freePorts(1))[0]}`;

// Concurrent: each case waits on a connection that never comes (its own unreachable port or
// Postgres) and measures nothing, so they wait side by side.
describe.concurrent('an environment that is not ready', () => {
  it('bench exits 5 (not 1: no cell ran) when the cluster is unreachable, and leaves no results folder', async () => {
    const brokers = await nowhere();
    const run = await runCli('harness/cli/bench.ts', ['--scenario', 'smoke', '--brokers', brokers, '--results-dir', '/nonexistent-ksb-results'], {
      timeoutMs: 120_000,
    });
    expect(run.code, run.stderr).toBe(5);
    expect(run.stderr).toContain(`error[BROKER_UNREACHABLE]: cannot reach Kafka at ${brokers}`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync('/nonexistent-ksb-results')).toBe(false);
  });

  it('bench exits 5 when every cell failed because a service could not start', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ksb-env-'));
    try {
      const file = path.join(dir, 'nopg.yaml');
      writeFileSync(file, readFileSync('scenarios/smoke.yaml', 'utf8').replace('  replicas: 2\n', '  replicas: 2\n  store: postgres\n'));
      const env = { ...process.env, KSB_PG_URL: `postgres://postgres@${await nowhere()}/test` };
      const run = await runCli('harness/cli/bench.ts', ['--scenario', file, '--brokers', inject('kafkaBrokers'), '--results-dir', dir], {
        env,
        timeoutMs: 180_000,
      });
      expect(run.code, run.stdout + run.stderr).toBe(5);
      expect(run.stdout).toMatch(/p2-r2-rate50\s+1\s+failed/);
      expect(run.stdout).toMatch(/failed: .*did not report ready|failed: .*exited/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a service exits 5 and names the command that starts a broker', async () => {
    const brokers = await nowhere();
    const run = await runCli('services/order/main.ts', ['--port', '0', '--brokers', brokers], { timeoutMs: 120_000 });
    expect(run.code).toBe(5);
    expect(run.stderr).toContain(`error[BROKER_UNREACHABLE]: cannot reach the broker at ${brokers}`);
    expect(run.stderr).toContain('`npm run broker -- start`');
  });
});
