import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { HarnessError } from '../model/errors.ts';
import { repoRoot } from '../paths.ts';

/**
 * The Kafka release the harness runs unless told otherwise: the newest on Maven Central when it
 * was pinned. `--kafka-version`, `cluster.kafkaVersion` or KAFKA_VERSION pick another 4.x release.
 */
export const DEFAULT_KAFKA_VERSION = '4.4.0';

export interface KafkaDistribution {
  version: string;
  libs: string;
  /** The JVM classpath: every jar of the release in one folder. */
  classpath: string;
  /** The Java inventory replica's own jars (the PostgreSQL driver), kept off the broker's classpath. */
  replicaLibs: string;
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

export interface DistributionPaths {
  version: string;
  /** kafka/.dist/<version>: the jars, and what is built from them (the Java replica's classes). */
  dir: string;
  libs: string;
  replicaLibs: string;
}

/** Where a release's jars are (or would be), without fetching anything. */
export function distributionPaths(options: Pick<DistributionOptions, 'version' | 'cacheDir' | 'env'> = {}): DistributionPaths {
  const env = options.env ?? process.env;
  const version = options.version ?? env.KAFKA_VERSION ?? DEFAULT_KAFKA_VERSION;
  const cacheDir = options.cacheDir ?? env.KAFKA_DIST_DIR ?? path.join(repoRoot, 'kafka', '.dist');
  const dir = path.join(cacheDir, version);
  return { version, dir, libs: path.join(dir, 'libs'), replicaLibs: path.join(dir, 'replica-libs') };
}

/** A folder of jars that a finished fetch marked complete (an interrupted one is redone). */
export function isFetched(folder: string): boolean {
  return existsSync(path.join(folder, COMPLETE_MARKER));
}

/**
 * The jars come from Maven Central, once: kafka/pom.xml for the broker and the clients,
 * services/inventory-java/pom.xml for the Java replica's PostgreSQL driver (its own folder, so
 * the broker's classpath stays Kafka's). A marker file says a fetch finished, so an interrupted
 * fetch is redone rather than trusted.
 */
export function ensureDistribution(options: DistributionOptions = {}): KafkaDistribution {
  const env = options.env ?? process.env;
  const { version, libs, replicaLibs } = distributionPaths(options);
  const classpath = path.join(libs, '*');
  const missing = [
    { folder: libs, pom: path.join(repoRoot, 'kafka', 'pom.xml'), what: `Apache Kafka ${version}` },
    { folder: replicaLibs, pom: path.join(repoRoot, 'services', 'inventory-java', 'pom.xml'), what: "the Java replica's PostgreSQL driver" },
  ].filter((f) => !isFetched(f.folder));
  if (missing.length === 0) {
    return { version, libs, classpath, replicaLibs, fetchedNow: false, fetchMs: 0 };
  }

  const mvn = spawnSync('mvn', ['-v'], { env, encoding: 'utf8', timeout: 60_000 });
  if (mvn.error) {
    throw new HarnessError(
      'MAVEN_MISSING',
      `Maven (mvn) was not found, and it is needed once to fetch ${missing.map((m) => m.what).join(' and ')} from Maven Central`,
      {
        hint: 'install Maven (Debian: apt-get install maven), or use a Kafka you already run with --brokers host:port, or `docker compose up -d`',
      },
    );
  }

  const started = Date.now();
  for (const { folder, pom, what } of missing) {
    options.log?.(`fetching ${what} jars from Maven Central into ${folder} (once)`);
    fetchInto(folder, pom, version, env, what);
  }
  return { version, libs, classpath, replicaLibs, fetchedNow: true, fetchMs: Date.now() - started };
}

function fetchInto(folder: string, pom: string, version: string, env: NodeJS.ProcessEnv, what: string): void {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const extra = (env.KAFKA_MAVEN_ARGS ?? '').split(/\s+/).filter(Boolean);
  const fetch = spawnSync(
    'mvn',
    ['-B', '-q', '-f', pom, `-Dkafka.version=${version}`, ...extra, 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${folder}`],
    { env, encoding: 'utf8', timeout: 20 * 60_000 },
  );
  if (fetch.status !== 0 || readdirSync(folder).length === 0) {
    const tail = lastLines(`${fetch.stdout ?? ''}${fetch.stderr ?? ''}`, 8);
    throw new HarnessError('KAFKA_FETCH_FAILED', `could not fetch ${what} from Maven Central (mvn exited ${fetch.status ?? fetch.signal}):\n${tail}`, {
      hint: 'check the network or Maven settings (KAFKA_MAVEN_ARGS passes extra flags to mvn), or use a Kafka you already run with --brokers host:port, or `docker compose up -d`',
    });
  }
  writeFileSync(path.join(folder, COMPLETE_MARKER), `${new Date().toISOString()}\n`);
}

export function lastLines(text: string, n: number): string {
  return text
    .split('\n')
    .map((l) => stripVTControlCharacters(l).trimEnd())
    .filter((l) => l.length > 0)
    .slice(-n)
    .map((l) => `    ${l}`)
    .join('\n');
}
