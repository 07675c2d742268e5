/**
 * Which Apache Kafka releases can be had: the versions Maven Central lists for kafka_2.13 (its
 * maven-metadata.xml), asked once a day and kept beside the jars; a release already fetched
 * needs no asking. A version that is not there, or older than 4.0, is refused before anything
 * starts, naming what was asked and what can be had.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { HarnessError } from '../model/errors.ts';
import { atLeast, compareKafkaReleases, kafkaVersionProblem, OLDEST_KAFKA_LINE, parseKafkaRelease } from '../model/kafka-version.ts';
import { distributionPaths, isFetched } from './distribution.ts';

const METADATA_URL = 'https://repo1.maven.org/maven2/org/apache/kafka/kafka_2.13/maven-metadata.xml';
const CACHE_FILE = 'maven-releases.json';
const CACHE_MS = 24 * 3_600_000;

export interface ReleaseOptions {
  /** Where releases are cached (kafka/.dist). */
  cacheDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Replaces the network: the metadata XML (tests). */
  fetchMetadata?: () => Promise<string>;
}

/** The 4.x releases Maven Central serves, oldest first; undefined when it cannot be asked. */
export async function servedReleases(options: ReleaseOptions = {}): Promise<string[] | undefined> {
  const dir = path.dirname(distributionPaths({ cacheDir: options.cacheDir, env: options.env, version: 'x' }).dir);
  const cache = path.join(dir, CACHE_FILE);
  if (!options.fetchMetadata && existsSync(cache)) {
    try {
      const kept = JSON.parse(readFileSync(cache, 'utf8')) as { askedAt: number; releases: string[] };
      if (Date.now() - kept.askedAt < CACHE_MS && Array.isArray(kept.releases)) return kept.releases;
    } catch {
      // a torn cache file is asked again
    }
  }
  let xml: string;
  try {
    xml = options.fetchMetadata ? await options.fetchMetadata() : await fetchText(METADATA_URL);
  } catch {
    return undefined;
  }
  const releases = [...xml.matchAll(/<version>([^<]+)<\/version>/g)]
    .map((m) => m[1]!.trim())
    .filter((v) => parseKafkaRelease(v) && atLeast(v, OLDEST_KAFKA_LINE))
    .sort(compareKafkaReleases);
  if (!options.fetchMetadata) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(cache, `${JSON.stringify({ askedAt: Date.now(), url: METADATA_URL, releases })}\n`);
  }
  return releases;
}

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

/**
 * Each version is a release the harness can run: well formed, 4.0 or newer, and either fetched
 * already or listed by Maven Central. `source` names the field or flag (`cluster.kafkaVersion`,
 * `--kafka-version`). When Maven Central cannot be asked, an unfetched version is let through:
 * the fetch itself then says what went wrong.
 */
export async function checkKafkaVersions(versions: readonly string[], source: string, options: ReleaseOptions = {}): Promise<void> {
  for (const version of versions) {
    const problem = kafkaVersionProblem(version);
    if (problem) throw new HarnessError('BAD_ARGUMENT', `${source}: expected ${problem}`, { hint: await releasesHint(options) });
  }
  const unfetched = versions.filter((v) => !isFetched(distributionPaths({ version: v, cacheDir: options.cacheDir, env: options.env }).libs));
  if (unfetched.length === 0) return;
  const served = await servedReleases(options);
  if (!served) return;
  const missing = unfetched.filter((v) => !served.includes(v));
  if (missing.length > 0) {
    throw new HarnessError(
      'BAD_ARGUMENT',
      `${source}: Apache Kafka ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not on Maven Central; it serves ${describeReleases(served)}`,
      { hint: `pick one of those (the newest, ${served.at(-1)}, is the default)` },
    );
  }
}

async function releasesHint(options: ReleaseOptions): Promise<string> {
  const served = await servedReleases(options);
  return served ? `Maven Central serves ${describeReleases(served)}` : 'for example 4.4.0 (the default) or 4.1.1';
}

/** `4.0.0-4.0.2, 4.1.0-4.1.2, 4.4.0`: each line's first and last patch. */
export function describeReleases(releases: readonly string[]): string {
  const lines = new Map<string, string[]>();
  for (const r of releases) {
    const line = r.split('.').slice(0, 2).join('.');
    lines.set(line, [...(lines.get(line) ?? []), r]);
  }
  return [...lines.values()].map((rs) => (rs.length === 1 ? rs[0] : `${rs[0]}-${rs.at(-1)}`)).join(', ');
}
