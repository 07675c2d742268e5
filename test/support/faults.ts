import { mkdtempSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { repoRoot } from '../../harness/paths.ts';
import { runCli } from './cli.ts';
import { readCsv } from './csv.ts';

/** No KAFKA_BROKERS: a run with broker actions starts its own cluster. */
export function ownClusterEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.KAFKA_BROKERS;
  return env;
}

export const faultFixture = (name: string) => path.join(repoRoot, 'test/fixtures/scenarios-run', name);

export interface FaultRun {
  dir: string;
  summary: Record<string, string>[];
  faults: Record<string, string>[];
  stdout: string;
}

/**
 * `npm run bench` on a fault fixture into a folder under `resultsRoot`. `brokers`: the suite's
 * broker, for a fault that touches no broker; else the run starts its own cluster.
 */
export async function benchFaults(resultsRoot: string, name: string, brokers?: string, timeoutMs = 240_000): Promise<FaultRun> {
  const out = mkdtempSync(path.join(resultsRoot, `${name}-`));
  const args = ['--scenario', faultFixture(`${name}.yaml`), '--results-dir', out, ...(brokers ? ['--brokers', brokers] : [])];
  const run = await runCli('harness/cli/bench.ts', args, { env: ownClusterEnv(), timeoutMs });
  expect(run.code, run.stderr).toBe(0);
  const dir = path.join(out, readdirSync(out)[0]!);
  return { dir, summary: readCsv(path.join(dir, 'summary.csv')), faults: readCsv(path.join(dir, 'faults.csv')), stdout: run.stdout };
}
