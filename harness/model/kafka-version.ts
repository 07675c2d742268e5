/**
 * Apache Kafka release numbers as a scenario, a flag and run.json give them: `4.4.0`. Pure: which
 * releases Maven Central serves is the broker's question (harness/broker/releases.ts).
 */

/** The oldest line the harness runs: KRaft only, the 4.x group coordinator. */
export const OLDEST_KAFKA_LINE = '4.0';

export interface KafkaRelease {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

export function parseKafkaRelease(version: string): KafkaRelease | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  return m ? { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) } : undefined;
}

/** Negative when a is older than b; releases that do not parse sort first. */
export function compareKafkaReleases(a: string, b: string): number {
  const x = parseKafkaRelease(a);
  const y = parseKafkaRelease(b);
  if (!x || !y) return (x ? 1 : 0) - (y ? 1 : 0);
  return x.major - y.major || x.minor - y.minor || x.patch - y.patch;
}

/** Whether `version` is `line` (`4.3`) or newer. */
export function atLeast(version: string, line: string): boolean {
  return compareKafkaReleases(version, `${line}.0`) >= 0;
}

/** What is wrong with a version before any network is asked, or undefined: `x.y.z`, 4.0.0 or newer. */
export function kafkaVersionProblem(version: string): string | undefined {
  if (!parseKafkaRelease(version)) return `an Apache Kafka release such as 4.4.0 (major.minor.patch), got "${version}"`;
  if (!atLeast(version, OLDEST_KAFKA_LINE)) return `Kafka ${OLDEST_KAFKA_LINE}.0 or newer (the harness runs KRaft brokers of the 4.x line), got ${version}`;
  return undefined;
}

/**
 * The `metadata.version` feature levels of the releases (Kafka's MetadataVersion), so that what a
 * cluster reports through ApiVersions reads as a release line. It is the cluster's finalized level,
 * a lower bound on its brokers' release (an upgraded cluster may not have raised it yet).
 */
const METADATA_VERSIONS: readonly (readonly [level: number, name: string])[] = [
  [7, '3.3-IV3'],
  [8, '3.4-IV0'],
  [9, '3.5-IV0'],
  [10, '3.5-IV1'],
  [11, '3.5-IV2'],
  [12, '3.6-IV0'],
  [13, '3.6-IV1'],
  [14, '3.6-IV2'],
  [15, '3.7-IV0'],
  [16, '3.7-IV1'],
  [17, '3.7-IV2'],
  [18, '3.7-IV3'],
  [19, '3.7-IV4'],
  [20, '3.8-IV0'],
  [21, '3.9-IV0'],
  [22, '4.0-IV0'],
  [23, '4.0-IV1'],
  [24, '4.0-IV2'],
  [25, '4.0-IV3'],
  [26, '4.1-IV0'],
  [27, '4.1-IV1'],
  [28, '4.2-IV0'],
  [29, '4.2-IV1'],
  [30, '4.3-IV0'],
  [31, '4.4-IV0'],
  [32, '4.4-IV1'],
  [33, '4.4-IV2'],
  [34, '4.5-IV0'],
];

/** `4.1-IV1`, or `level 40` for a level newer than this table. */
export function metadataVersionName(level: number): string {
  return METADATA_VERSIONS.find(([l]) => l === level)?.[1] ?? `level ${level}`;
}
