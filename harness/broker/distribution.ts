import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { HarnessError } from '../errors.ts';
import { repoRoot } from '../paths.ts';

/** The Kafka release the harness runs; KAFKA_VERSION picks another 4.x release from Maven Central. */
export const DEFAULT_KAFKA_VERSION = '4.1.1';

export interface KafkaDistribution {
  version: string;
  libs: string;
  /** The JVM classpath: every jar of the release in one folder. */
  classpath: string;
  fetchedNow: boolean;
  fetchMs: number;
}

export interface DistributionOptions {
  version?: string;
  /** Where releases are cached; default kafka/.dist in the repo (git-ignored). */
  cacheDir?: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

const COMPLETE_MARKER = '.complete';

/**
 * The jars come from Maven Central through kafka/pom.xml, once: a marker file says a fetch
 * finished, so an interrupted fetch is redone rather than trusted.
 */
export function ensureDistribution(options: DistributionOptions = {}): KafkaDistribution {
  const env = options.env ?? process.env;
  const version = options.version ?? env.KAFKA_VERSION ?? DEFAULT_KAFKA_VERSION;
  const cacheDir = options.cacheDir ?? env.KAFKA_DIST_DIR ?? path.join(repoRoot, 'kafka', '.dist');
  const libs = path.join(cacheDir, version, 'libs');
  const classpath = path.join(libs, '*');
  if (existsSync(path.join(libs, COMPLETE_MARKER))) {
    return { version, libs, classpath, fetchedNow: false, fetchMs: 0 };
  }

  const mvn = spawnSync('mvn', ['-v'], { env, encoding: 'utf8', timeout: 60_000 });
  if (mvn.error) {
    throw new HarnessError('MAVEN_MISSING', `Maven (mvn) was not found, and it is needed once to fetch Apache Kafka ${version} from Maven Central`, {
      hint: 'install Maven (Debian: apt-get install maven), or use a Kafka you already run with --brokers host:port, or `docker compose up -d`',
    });
  }

  options.log?.(`fetching Apache Kafka ${version} jars from Maven Central into ${libs} (once)`);
  const started = Date.now();
  rmSync(libs, { recursive: true, force: true });
  mkdirSync(libs, { recursive: true });
  const extra = (env.KAFKA_MAVEN_ARGS ?? '').split(/\s+/).filter(Boolean);
  const fetch = spawnSync(
    'mvn',
    [
      '-B',
      '-q',
      '-f',
      path.join(repoRoot, 'kafka', 'pom.xml'),
      `-Dkafka.version=${version}`,
      ...extra,
      'dependency:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${libs}`,
    ],
    { env, encoding: 'utf8', timeout: 20 * 60_000 },
  );
  if (fetch.status !== 0 || readdirSync(libs).length === 0) {
    const tail = lastLines(`${fetch.stdout ?? ''}${fetch.stderr ?? ''}`, 8);
    throw new HarnessError('KAFKA_FETCH_FAILED', `could not fetch Apache Kafka ${version} from Maven Central (mvn exited ${fetch.status ?? fetch.signal}):\n${tail}`, {
      hint: 'check the network or Maven settings (KAFKA_MAVEN_ARGS passes extra flags to mvn), or use a Kafka you already run with --brokers host:port, or `docker compose up -d`',
    });
  }
  writeFileSync(path.join(libs, COMPLETE_MARKER), `${new Date().toISOString()}\n`);
  return { version, libs, classpath, fetchedNow: true, fetchMs: Date.now() - started };
}

export function lastLines(text: string, n: number): string {
  return text
    .split('\n')
    .map((l) => l.replace(/\x1b\[[0-9;]*m/g, '').trimEnd())
    .filter((l) => l.length > 0)
    .slice(-n)
    .map((l) => `    ${l}`)
    .join('\n');
}
