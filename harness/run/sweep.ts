import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import type { CellResult } from '../analysis/cell.ts';
import { connectKafka, externalBrokers, notOwned, type KafkaConnection } from '../broker/index.ts';
import { HarnessError } from '../model/errors.ts';
import { describeClusterFeatures } from '../broker/features.ts';
import { checkKafkaVersions } from '../broker/releases.ts';
import { repoRoot } from '../paths.ts';
import { createResultsFolder, runFolderName, type ResultsFolder } from '../results/folder.ts';
import { gitInfo, harnessVersion, machineInfo, packageVersion, type RunMeta } from '../results/meta.ts';
import { expand, scenarioHash } from '../scenario/index.ts';
import type { Cell, Scenario } from '../model/scenario.ts';
import { specOf } from '../model/timeline/index.ts';
import { runCell, type CellEvents } from './cell.ts';
import { markBrokerLogs, type BrokerLogMark } from './broker-logs.ts';
import { clients } from '../clients/registry.ts';

/** Heap per node of a multi-node embedded cluster (the single broker keeps the default). */
const CLUSTER_NODE_HEAP_MB = 384;

export interface RunOptions {
  scenario: Scenario;
  scenarioFile: string;
  /** External cluster; otherwise the shared embedded broker, or one started for the run. */
  brokers?: string;
  resultsRoot?: string;
  /** Only these cells (by name). */
  cells?: readonly string[];
  signal?: AbortSignal;
  events?: (cell: Cell, repeat: number, index: number, total: number) => CellEvents | undefined;
  log?: (line: string) => void;
}

export interface RunOutcome {
  folder: ResultsFolder;
  results: CellResult[];
  meta: RunMeta;
  status: RunMeta['status'];
}

/**
 * A whole scenario: every cell of its sweep, each repeated. A failed cell is recorded and the
 * sweep goes on; an abort (Ctrl-C) ends the current cell, keeps what was measured and stops.
 */
export async function runScenario(o: RunOptions): Promise<RunOutcome> {
  const log = o.log ?? (() => {});
  const signal = o.signal ?? new AbortController().signal;
  const all = expand(o.scenario);
  const cells = o.cells && o.cells.length > 0 ? all.filter((c) => o.cells!.includes(c.name)) : all;
  const startedAt = new Date();
  const runId = randomBytes(3).toString('hex');

  // Broker actions need processes the harness owns: refused before anything starts.
  const brokerActions = [...new Set(o.scenario.timeline.filter((e) => specOf(e).touchesBrokers).map((e) => e.action))];
  const external = externalBrokers(o.brokers);
  if (external && brokerActions.length > 0) throw notOwned(external.join(','), `the timeline's ${brokerActions.join(', ')}`);
  const releases = [...new Set(cells.map((c) => c.cluster.kafkaVersion).filter((v): v is string => v !== undefined))];
  if (external && releases.length > 1) {
    throw new HarnessError(
      'BAD_ARGUMENT',
      `cluster.kafkaVersion sweeps ${releases.join(', ')}: each release runs on an embedded cluster the harness starts, and ${external.join(',')} (--brokers / KAFKA_BROKERS) is one cluster of one release`,
      { hint: 'leave --brokers and KAFKA_BROKERS unset to sweep releases, or name one with --kafka-version' },
    );
  }
  if (!external && releases.length > 0) await checkKafkaVersions(releases, `${path.relative(process.cwd(), o.scenarioFile)}: cluster.kafkaVersion`);
  const wanted = o.scenario.cluster?.nodes ?? 1;
  // Its own cluster when the scenario asks for more than one node or touches a broker; else the
  // shared broker `npm run broker -- start` left running, when there is one (and runs the release asked).
  const own = wanted > 1 || brokerActions.length > 0;
  const open = (release: string | undefined) => openCluster({ brokers: o.brokers, own, nodes: wanted, release, log });
  if (external && releases.length === 1)
    log(`cluster.kafkaVersion ${releases[0]}: --brokers names a cluster of its own release; the run records what it reports`);

  // Kafka first: a run that cannot reach a broker leaves no empty results folder behind.
  const groups = brokerGroups(cells);
  let cluster = await open(external ? undefined : groups[0]?.release);
  const folder = createResultsFolder(path.join(o.resultsRoot ?? path.join(repoRoot, 'results'), runFolderName(o.scenario.name, startedAt)));
  const seen: string[] = [];
  const meta: RunMeta = {
    tool: 'kafka-scaling-bench',
    scenario: o.scenario,
    scenarioHash: scenarioHash(o.scenario),
    scenarioFile: path.relative(repoRoot, o.scenarioFile),
    startedAt: startedAt.toISOString(),
    status: 'running',
    git: gitInfo(),
    versions: { node: process.version, kafka: cluster.kafkaVersion, ...clientVersions(), harness: harnessVersion() },
    kafka: cluster.meta,
    machine: machineInfo(),
    cells: [],
    ...(cells.length < all.length ? { onlyCells: cells.map((c) => c.name) } : {}),
  };
  const results: CellResult[] = [];
  const total = cells.length * o.scenario.repeats;
  let index = 0;
  try {
    folder.writeMeta(meta);
    for (const [g, group] of groups.entries()) {
      if (signal.aborted) break;
      if (g > 0) {
        await cluster.close();
        try {
          cluster = await open(group.release);
        } catch (err) {
          // The cells of the other releases keep what they measured; these are recorded as not run.
          const error = `Kafka ${group.release} did not start: ${err instanceof Error ? err.message : String(err)}`;
          log(error);
          for (const cell of group.cells)
            for (let repeat = 1; repeat <= cell.repeats; repeat++) meta.cells.push({ cell: cell.name, repeat, status: 'failed', error });
          meta.status = 'failed';
          folder.writeMeta(meta);
          continue;
        }
      }
      if (!seen.includes(cluster.kafkaVersion)) seen.push(cluster.kafkaVersion);
      meta.versions.kafka = seen.join(', ');
      if (groups.length > 1)
        meta.clusters = [...(meta.clusters ?? []), { ...cluster.meta, kafkaVersion: cluster.kafkaVersion, cells: group.cells.map((c) => c.name) }];
      folder.writeMeta(meta);
      for (const cell of group.cells) {
        for (let repeat = 1; repeat <= cell.repeats; repeat++) {
          if (signal.aborted) break;
          index++;
          const brokerLogs = markBrokerLogs(cluster.connection.embedded);
          const result = await runCell(cell, repeat, {
            brokers: cluster.connection.bootstrapServers,
            kafkaVersion: cluster.kafkaVersion,
            ...(cluster.release ? { clientsVersion: cluster.release } : {}),
            admin: cluster.admin,
            replicationFactor: Math.min(3, cluster.nodes),
            cluster: cluster.connection.cluster,
            folder,
            runId,
            signal,
            events: o.events?.(cell, repeat, index, total),
          });
          results.push(result);
          await cluster.restoreNodes();
          keepBrokerLogs(brokerLogs, folder.rawDir(cell.name, repeat), log);
          meta.cells.push({ cell: cell.name, repeat, status: result.raw.status, ...(result.raw.error ? { error: result.raw.error } : {}) });
          folder.writeMeta(meta);
        }
      }
    }
  } finally {
    await cluster.close();
    meta.endedAt = new Date().toISOString();
    meta.status = signal.aborted ? 'interrupted' : results.some((r) => r.raw.status !== 'ok') || meta.status === 'failed' ? 'failed' : 'ok';
    folder.writeMeta(meta);
  }
  return { folder, results, meta, status: meta.status };
}

/** A log that cannot be copied is said, and the run goes on: the cell was measured. */
function keepBrokerLogs(mark: BrokerLogMark, dir: string, log: (line: string) => void): void {
  try {
    mark.copyTo(dir);
  } catch (err) {
    log(`the broker logs were not kept in ${dir}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Consecutive cells of one Kafka release (expand() puts the release outermost): one broker each. */
function brokerGroups(cells: readonly Cell[]): { release: string | undefined; cells: Cell[] }[] {
  const groups: { release: string | undefined; cells: Cell[] }[] = [];
  for (const cell of cells) {
    const last = groups.at(-1);
    if (last && last.release === cell.cluster.kafkaVersion) last.cells.push(cell);
    else groups.push({ release: cell.cluster.kafkaVersion, cells: [cell] });
  }
  return groups;
}

/** One cluster the run's cells share: its connection, an admin, its size and what it runs. */
interface OpenCluster {
  connection: KafkaConnection;
  admin: Admin;
  nodes: number;
  /** The embedded broker's release (the Java replica's kafka-clients follows it); undefined for an external cluster. */
  release: string | undefined;
  /** The release, or what an external cluster reports (`metadata.version 4.1-IV1`). */
  kafkaVersion: string;
  meta: RunMeta['kafka'];
  /** The next cell starts on a whole cluster: a node the timeline left down comes back. */
  restoreNodes(): Promise<void>;
  close(): Promise<void>;
}

async function openCluster(o: {
  brokers: string | undefined;
  own: boolean;
  nodes: number;
  release: string | undefined;
  log: (line: string) => void;
}): Promise<OpenCluster> {
  const brokerDir = mkdtempSync(path.join(os.tmpdir(), 'ksb-run-broker-'));
  let connection: KafkaConnection;
  try {
    connection = await connectKafka({
      brokers: o.brokers,
      own: o.own,
      ...(o.release ? { kafkaVersion: o.release } : {}),
      // Three JVMs share this machine with the services: a smaller heap each.
      embedded: { port: 0, dataDir: brokerDir, fresh: true, log: o.log, nodes: o.nodes, ...(o.nodes > 1 ? { heapMb: CLUSTER_NODE_HEAP_MB } : {}) },
    });
  } catch (err) {
    rmSync(brokerDir, { recursive: true, force: true });
    throw err;
  }
  o.log(`Kafka: ${connection.bootstrapServers} (${describeMode(connection.mode)}${connection.external ? '' : `, Kafka ${connection.kafkaVersion}`})`);
  const kafka = new Kafka({ clientId: 'ksb-harness', brokers: connection.bootstrapServers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  // A cluster that is not there should be said in seconds: kafkajs's default retries take ~14 s.
  const probe = new Kafka({
    clientId: 'ksb-harness-probe',
    brokers: connection.bootstrapServers.split(','),
    logLevel: logLevel.NOTHING,
    retry: { retries: 2 },
  }).admin();
  let nodes: number;
  try {
    nodes = await probe
      .connect()
      .then(() => probe.describeCluster())
      .then((c) => c.brokers.length)
      .finally(() => probe.disconnect().catch(() => {}));
    await admin.connect();
  } catch (err) {
    await admin.disconnect().catch(() => {});
    await connection.release().catch(() => {});
    rmSync(brokerDir, { recursive: true, force: true });
    throw new HarnessError('BROKER_UNREACHABLE', `cannot reach Kafka at ${connection.bootstrapServers}: ${err instanceof Error ? err.message : String(err)}`, {
      hint: 'check --brokers / KAFKA_BROKERS, or leave both unset to use the embedded broker',
      cause: err,
    });
  }
  const features = await describeClusterFeatures(connection.bootstrapServers);
  const release = connection.external ? undefined : connection.kafkaVersion;
  const kafkaVersion = release ?? (features ? `metadata.version ${features.metadataVersion}` : 'external');
  let closed = false;
  return {
    connection,
    admin,
    nodes,
    release,
    kafkaVersion,
    meta: {
      bootstrapServers: connection.bootstrapServers,
      mode: connection.mode,
      nodes,
      ...(features ? { metadataVersion: features.metadataVersion, metadataVersionLevel: features.metadataVersionLevel } : {}),
    },
    async restoreNodes() {
      for (const id of connection.cluster.owned ? connection.cluster.nodeIds : []) {
        if (!connection.cluster.isRunning(id))
          await connection.cluster
            .start(id)
            .catch((err: unknown) => o.log(`broker node ${id} did not start again: ${err instanceof Error ? err.message : String(err)}`));
      }
    },
    // Once: the run's finally closes the cluster in hand, which a release that did not start left closed already.
    async close() {
      if (closed) return;
      closed = true;
      await admin.disconnect().catch(() => {});
      await connection.release().catch(() => {});
      rmSync(brokerDir, { recursive: true, force: true });
    },
  };
}

function describeMode(mode: KafkaConnection['mode']): string {
  switch (mode) {
    case 'external':
      return 'external cluster from --brokers / KAFKA_BROKERS';
    case 'embedded-shared':
      return 'the embedded broker `npm run broker -- start` left running';
    case 'embedded-run':
      return 'an embedded broker started for this run; it stops at the end';
  }
}

/** Every registered client's library versions, under the keys their descriptors give. */
function clientVersions(): Record<string, string> {
  return Object.fromEntries(clients().flatMap((c) => Object.entries(c.packages).map(([key, pkg]) => [key, packageVersion(pkg)])));
}
