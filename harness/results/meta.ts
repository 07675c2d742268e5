import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { repoRoot } from '../paths.ts';
import type { Scenario } from '../model/scenario.ts';

/** run.json: enough to know later what produced a result and to compare like with like. */
export interface RunMeta {
  tool: 'kafka-scaling-bench';
  scenario: Scenario;
  scenarioHash: string;
  scenarioFile: string;
  startedAt: string;
  endedAt?: string;
  status: 'running' | 'ok' | 'failed' | 'interrupted';
  git: { sha: string | null; dirty: boolean | null };
  /**
   * kafka is the broker's; the Java replica runs on kafka-clients of that same version. Between
   * kafka and harness, each client library's version under the key its descriptor names
   * (kafkajs, platformaticKafka...).
   */
  versions: { node: string; kafka: string; harness: string; [library: string]: string | undefined };
  kafka: {
    bootstrapServers: string;
    mode: 'embedded-run' | 'embedded-shared' | 'external';
    nodes?: number;
    /** The cluster's finalized metadata.version (`4.4-IV2`, level 33), from ApiVersions; absent in older runs. */
    metadataVersion?: string;
    metadataVersionLevel?: number;
  };
  /** A sweep over Kafka releases: each release's cluster and the cells it ran (`kafka` is the first's). */
  clusters?: (RunMeta['kafka'] & { kafkaVersion: string; cells: string[] })[];
  machine: { platform: string; arch: string; cpus: number; cpuModel: string; memoryBytes: number; hostname: string };
  cells: { cell: string; repeat: number; status: string; error?: string }[];
  /** Set when `--cell` ran only some of the scenario's cells: their names. */
  onlyCells?: string[];
}

export function gitInfo(): RunMeta['git'] {
  try {
    const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty =
      execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
        cwd: repoRoot,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim() !== '';
    return { sha, dirty };
  } catch {
    return { sha: null, dirty: null };
  }
}

export function packageVersion(name: string): string {
  try {
    const require = createRequire(import.meta.url);
    // Some packages do not export their package.json: find it beside their main entry.
    let file: string;
    try {
      file = require.resolve(`${name}/package.json`);
    } catch {
      const main = require.resolve(name);
      file = `${main.slice(0, main.lastIndexOf(`/node_modules/${name}/`) + `/node_modules/${name}/`.length)}package.json`;
    }
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export function machineInfo(): RunMeta['machine'] {
  const cpus = os.cpus();
  return {
    platform: `${os.platform()} ${os.release()}`,
    arch: os.arch(),
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryBytes: os.totalmem(),
    hostname: os.hostname(),
  };
}

export function harnessVersion(): string {
  return (JSON.parse(readFileSync(`${repoRoot}/package.json`, 'utf8')) as { version: string }).version;
}
