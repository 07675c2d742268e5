import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkKafkaVersions, describeReleases } from '../../harness/broker/releases.ts';
import { formatCells } from '../../harness/scenario/format.ts';
import { isHarnessError } from '../../harness/model/errors.ts';
import { compareKafkaReleases, kafkaVersionProblem, metadataVersionName } from '../../harness/model/kafka-version.ts';
import { expand, sweptDimensions } from '../../harness/scenario/expand.ts';
import { scenarioHash } from '../../harness/scenario/hash.ts';
import { assertValidScenario, validateScenario } from '../../harness/scenario/validate.ts';

const base = { topology: { partitions: 1, replicas: 2 }, load: { rate: 100, durationS: 10 } };
const problems = (raw: object) => {
  const r = validateScenario(raw, 'kv.yaml');
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
};

describe('cluster.kafkaVersion: a swept dimension', () => {
  it('expands a list of releases outermost, each cell suffixed -k<release> and carrying it', () => {
    const s = assertValidScenario({ ...base, cluster: { kafkaVersion: ['4.1.1', '4.4.0'] }, topology: { partitions: [1, 2], replicas: 2 } }, 'kv.yaml');
    expect(sweptDimensions(s)).toEqual(['partitions', 'kafkaVersion']);
    const cells = expand(s);
    expect(cells.map((c) => c.name)).toEqual(['p1-r2-rate100-k4.1.1', 'p2-r2-rate100-k4.1.1', 'p1-r2-rate100-k4.4.0', 'p2-r2-rate100-k4.4.0']);
    expect(cells.map((c) => c.cluster)).toEqual([
      { nodes: 1, kafkaVersion: '4.1.1' },
      { nodes: 1, kafkaVersion: '4.1.1' },
      { nodes: 1, kafkaVersion: '4.4.0' },
      { nodes: 1, kafkaVersion: '4.4.0' },
    ]);
    expect(formatCells(cells)).toMatch(/^p1-r2-rate100-k4\.1\.1 .* kafka=4\.1\.1 /m);
  });

  it('leaves names and the hash alone when no release is named, and names one release without a suffix', () => {
    const plain = assertValidScenario(base, 'kv.yaml');
    expect(expand(plain).map((c) => [c.name, c.cluster])).toEqual([['p1-r2-rate100', { nodes: 1 }]]);
    const one = assertValidScenario({ ...base, cluster: { kafkaVersion: '4.1.1' } }, 'kv.yaml');
    expect(expand(one).map((c) => [c.name, c.cluster.kafkaVersion])).toEqual([['p1-r2-rate100', '4.1.1']]);
    expect(scenarioHash(one)).not.toBe(scenarioHash(plain));
    expect(scenarioHash(assertValidScenario({ ...base, cluster: { nodes: 1 } }, 'kv.yaml'))).toBe(scenarioHash(plain));
  });

  it('refuses what is not a 4.x release, naming the field and what was found', () => {
    expect(problems({ ...base, cluster: { kafkaVersion: ['4.4.0', 4.4] } })).toEqual([
      'cluster.kafkaVersion[1]: expected an Apache Kafka release such as 4.4.0, got 4.4',
    ]);
    expect(problems({ ...base, cluster: { kafkaVersion: '3.9.1' } })).toEqual([
      'cluster.kafkaVersion: expected Kafka 4.0.0 or newer (the harness runs KRaft brokers of the 4.x line), got 3.9.1',
    ]);
  });

  it('refuses groupAssignmentIntervalMs on a classic group and on a release before 4.3', () => {
    const consumer = { client: 'java', groupProtocol: 'consumer', groupAssignmentIntervalMs: 0 };
    expect(problems({ ...base, topology: { ...base.topology, consumer }, cluster: { kafkaVersion: '4.4.0' } })).toEqual([]);
    expect(problems({ ...base, topology: { ...base.topology, consumer }, cluster: { kafkaVersion: ['4.1.1', '4.4.0'] } })).toEqual([
      'topology.consumer.groupAssignmentIntervalMs: expected no groupAssignmentIntervalMs on Kafka 4.1.1 (cluster.kafkaVersion): consumer.assignment.interval.ms is a group config from Kafka 4.3.0 on (KIP-1263), got 0',
    ]);
    expect(problems({ ...base, topology: { ...base.topology, consumer: { ...consumer, groupProtocol: 'classic' } } })).toEqual([
      "topology.consumer.groupAssignmentIntervalMs: expected no groupAssignmentIntervalMs with groupProtocol classic (it sets a consumer-protocol group's consumer.assignment.interval.ms), got 0",
    ]);
    const cell = expand(assertValidScenario({ ...base, topology: { ...base.topology, consumer } }, 'kv.yaml'))[0]!;
    expect(cell.topology.consumer.groupAssignmentIntervalMs).toBe(0);
  });

  it('gives kafkaClientsVersion only to a client built on Kafka jars', () => {
    expect(problems({ ...base, topology: { ...base.topology, consumer: { client: 'java', kafkaClientsVersion: '4.1.1' } } })).toEqual([]);
    expect(problems({ ...base, topology: { ...base.topology, consumer: { client: 'kafkajs', kafkaClientsVersion: '4.1.1' } } })).toEqual([
      'topology.consumer.kafkaClientsVersion: expected no kafkaClientsVersion with client kafkajs (it picks the kafka-clients release of a client built on Kafka\'s jars: java), got "4.1.1"',
    ]);
  });
});

describe('Kafka releases', () => {
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'ksb-releases-'));
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));
  const served = ['3.9.1', '4.0.0', '4.0.1', '4.1.1', '4.4.0'];
  const metadata = async () => `<metadata><versioning><versions>${served.map((v) => `<version>${v}</version>`).join('')}</versions></versioning></metadata>`;

  it('orders releases and names metadata.version levels', () => {
    expect(['4.10.0', '4.4.0', '4.1.1'].sort(compareKafkaReleases)).toEqual(['4.1.1', '4.4.0', '4.10.0']);
    expect(metadataVersionName(27)).toBe('4.1-IV1');
    expect(metadataVersionName(33)).toBe('4.4-IV2');
    expect(metadataVersionName(99)).toBe('level 99');
    expect(kafkaVersionProblem('4.4.0')).toBeUndefined();
  });

  it('refuses a release Maven Central does not serve, naming what was asked and what can be had', async () => {
    const err = await checkKafkaVersions(['4.4.0', '4.5.0'], '--kafka-version', { cacheDir, fetchMetadata: metadata }).catch((e: unknown) => e);
    expect(isHarnessError(err)).toBe(true);
    expect((err as Error).message).toBe('--kafka-version: Apache Kafka 4.5.0 is not on Maven Central; it serves 4.0.0-4.0.1, 4.1.1, 4.4.0');
    await expect(checkKafkaVersions(['4.1.1'], '--kafka-version', { cacheDir, fetchMetadata: metadata })).resolves.toBeUndefined();
    expect(describeReleases(['4.0.0', '4.0.1', '4.0.2', '4.4.0'])).toBe('4.0.0-4.0.2, 4.4.0');
  });
});
