import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { BROKER_DEFAULTS, brokerStatus, externalBrokers, isPortFree, startBroker, stopBroker } from '../broker/index.ts';
import { HarnessError } from '../model/errors.ts';
import { repoRoot } from '../paths.ts';
import { consumerFlags } from '../clients/flags.ts';
import { client as clientNamed } from '../clients/registry.ts';
import type { ReplicaLaunch } from '../clients/types.ts';
import { groupType } from '../groups/registry.ts';
import { watchGroup, type WatchedGroup } from '../groups/open.ts';
import { waitUntilSettled } from '../groups/settle.ts';
import type { GroupSample } from '../model/samples.ts';
import { labConsumer, type LabConsumer } from './consumer.ts';
import { LAB_DEFAULTS, isOurService, readLabState, writeLabState, type LabService, type LabState } from './state.ts';
import { terminate } from './stop.ts';

export interface LabOptions {
  replicas?: number;
  partitions?: number;
  /** Default: the client of LAB_DEFAULTS, or (with only groupProtocol) a client that joins that kind of group. */
  client?: string;
  /** The kind of group the replicas join (`classic`, `consumer`, `share`); default: the client's labGroupType. */
  groupProtocol?: string;
  /** How the user named the group flag (`--group-type` or `--group-protocol`), for the messages. */
  groupFlag?: string;
  /** An external cluster; otherwise the broker `npm run broker -- start` left running, or one started here. */
  brokers?: string;
  /** The order service's port; replica i listens on firstPort + i. */
  firstPort?: number;
  stateDir?: string;
  /** Where a broker started by the lab lives, and its port (the `npm run broker` defaults). */
  brokerDir?: string;
  brokerPort?: number;
  /** The release of a broker the lab starts; a running one of another release is refused. */
  kafkaVersion?: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

export interface LabStarted {
  state: LabState;
  group: GroupSample;
}

const READY_TIMEOUT_MS = 60_000;

/**
 * The lab of docs/lab.md in one step: a broker if none runs, the topic (recreated, so the story
 * starts from the same place every time), the order service and the replicas in the background,
 * detached and logging under the state folder; returns once every replica is in the group and
 * every partition owned. On any failure it stops what it started.
 */
export async function startLab(o: LabOptions = {}): Promise<LabStarted> {
  const dir = path.resolve(o.stateDir ?? LAB_DEFAULTS.stateDir);
  const replicas = o.replicas ?? LAB_DEFAULTS.replicas;
  const partitions = o.partitions ?? LAB_DEFAULTS.partitions;
  const firstPort = o.firstPort ?? LAB_DEFAULTS.firstPort;
  const log = o.log ?? (() => {});
  const env = o.env ?? process.env;
  const consumer = checkOptions(replicas, partitions, o, firstPort);
  const { client, groupProtocol } = consumer;
  if (consumer.picked) log(consumer.picked);

  const previous = readLabState(dir);
  const running = previous?.services.filter(isOurService) ?? [];
  if (previous && running.length > 0) {
    throw new HarnessError('LAB_ALREADY_RUNNING', `the lab from ${dir} runs (${running.map((s) => `${s.name} pid ${s.pid}`).join(', ')})`, {
      hint: 'see it with `npm run lab -- status`, stop it with `npm run lab -- stop`',
    });
  }
  const ports = Array.from({ length: replicas + 1 }, (_, i) => firstPort + i);
  const taken = [];
  for (const port of ports) if (!(await isPortFree(port))) taken.push(port);
  if (taken.length > 0) {
    throw new HarnessError(
      'PORT_IN_USE',
      `port${taken.length > 1 ? 's' : ''} ${taken.join(', ')} on 127.0.0.1 ${taken.length > 1 ? 'are' : 'is'} already taken by another process`,
      {
        hint: `stop what listens there (\`ss -ltnp | grep ${taken[0]}\`), or pick other ports with --port`,
      },
    );
  }

  const started: LabService[] = [];
  let brokerStartedIn: string | undefined;
  let admin: Admin | undefined;
  try {
    const { bootstrapServers, kafkaVersion } = await ensureBroker(o, log, (d) => (brokerStartedIn = d), previous?.brokerStartedIn);
    admin = new Kafka({ clientId: 'ksb-lab', brokers: bootstrapServers.split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect().catch((err: unknown) => {
      throw new HarnessError('BROKER_UNREACHABLE', `cannot reach Kafka at ${bootstrapServers}: ${err instanceof Error ? err.message : String(err)}`, {
        hint: 'check --brokers / KAFKA_BROKERS, or leave both unset to use (or start) the embedded broker',
        cause: err,
      });
    });
    await recreateTopic(admin, LAB_DEFAULTS.topic, partitions, LAB_DEFAULTS.groupId);
    const watched = await watchGroup(
      { name: groupProtocol, field: o.groupFlag ?? '--group-protocol' },
      { admin, brokers: bootstrapServers.split(','), groupId: LAB_DEFAULTS.groupId, topic: LAB_DEFAULTS.topic },
    );
    let group: GroupSample;
    try {
      // Before the first member joins, as a run does (a share group's share.auto.offset.reset=earliest, for one).
      await watched.configure(consumer.cell);
      log(
        `topic ${LAB_DEFAULTS.topic}: ${partitions} partition${partitions > 1 ? 's' : ''} (created afresh); ` +
          `group ${LAB_DEFAULTS.groupId}: a ${groupType(groupProtocol).label} of ${client} replicas`,
      );

      const common = ['--brokers', bootstrapServers, '--topic', LAB_DEFAULTS.topic];
      // Every launch first: a client that compiles its replica (java, once per source hash) does so before anything runs.
      const launches = [];
      for (let i = 1; i <= replicas; i++) launches.push(await replica(consumer, firstPort + i, [...common, '--group', LAB_DEFAULTS.groupId], kafkaVersion));
      mkdirSync(dir, { recursive: true });
      started.push(spawnService(dir, 'order', 'order', firstPort, orderService(firstPort, common), env));
      for (const [i, launch] of launches.entries()) {
        const port = firstPort + i + 1;
        started.push(spawnService(dir, 'inventory', `inventory-${port}`, port, launch, env));
      }
      await Promise.all(started.map((s) => waitReady(s)));
      group = await waitSettled(watched, replicas, partitions);
    } finally {
      await watched.close();
    }
    const state: LabState = {
      startedAt: new Date().toISOString(),
      bootstrapServers,
      ...(brokerStartedIn ? { brokerStartedIn } : {}),
      topic: LAB_DEFAULTS.topic,
      groupId: LAB_DEFAULTS.groupId,
      client,
      groupProtocol,
      services: started,
    };
    writeLabState(dir, state);
    return { state, group };
  } catch (err) {
    await Promise.all(started.map((s) => terminate(s, 10_000)));
    if (brokerStartedIn) await stopBroker(brokerStartedIn).catch(() => undefined);
    throw err;
  } finally {
    await admin?.disconnect().catch(() => undefined);
  }
}

/** Every problem with the options at once, else the consumer they resolve to. */
function checkOptions(replicas: number, partitions: number, o: LabOptions, firstPort: number): LabConsumer {
  const problems: string[] = [];
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > 16) problems.push(`--replicas: expected an integer from 1 to 16, got ${replicas}`);
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > 64) problems.push(`--partitions: expected an integer from 1 to 64, got ${partitions}`);
  const consumer = labConsumer({ client: o.client, groupProtocol: o.groupProtocol, groupFlag: o.groupFlag });
  problems.push(...consumer.problems);
  if (!Number.isInteger(firstPort) || firstPort < 1024 || firstPort > 65000) problems.push(`--port: expected a TCP port from 1024, got ${firstPort}`);
  if (problems.length > 0 || !consumer.consumer) throw new HarnessError('BAD_ARGUMENT', problems.join('; '), { hint: 'run `npm run lab -- --help`' });
  return consumer.consumer;
}

/** The order service, a Node process of this repository. */
function orderService(port: number, common: string[]): ReplicaLaunch {
  const main = path.join(repoRoot, 'services', 'order', 'main.ts');
  return {
    command: process.execPath,
    args: ['--import', 'tsx', main, '--port', String(port), ...common, '--metadata-max-age-ms', String(LAB_DEFAULTS.metadataMaxAgeMs)],
  };
}

/**
 * One replica as its client's descriptor launches it (a Node process, or a JVM for java, compiled
 * once per source hash), with the flags a run gives: the lab names no client.
 */
function replica(consumer: LabConsumer, port: number, common: string[], kafkaVersion: string | undefined): Promise<ReplicaLaunch> {
  return clientNamed(consumer.client).launch(['--port', String(port), ...common, ...consumerFlags(consumer.cell)], { kafkaVersion });
}

/** --brokers/KAFKA_BROKERS, else the broker `npm run broker -- start` left running, else start that broker here. */
async function ensureBroker(
  o: LabOptions,
  log: (line: string) => void,
  startedIn: (dir: string) => void,
  startedBefore: string | undefined,
): Promise<{ bootstrapServers: string; kafkaVersion?: string }> {
  const external = externalBrokers(o.brokers, o.env ?? process.env);
  if (external) {
    log(`Kafka: ${external.join(',')} (--brokers / KAFKA_BROKERS)`);
    // Its release is not known here: a client built on Kafka's jars runs the newest pinned release.
    return { bootstrapServers: external.join(',') };
  }
  const dataDir = path.resolve(o.brokerDir ?? BROKER_DEFAULTS.dataDir);
  const shared = brokerStatus(dataDir);
  if (shared && Object.values(shared.alive).every(Boolean)) {
    if (startedBefore === dataDir) {
      // An earlier `lab start` started it and its services died without `lab stop`: still the lab's.
      startedIn(dataDir);
      log(`Kafka: ${shared.state.bootstrapServers} (started by an earlier lab start; lab stop stops it)`);
    } else {
      log(`Kafka: ${shared.state.bootstrapServers} (the broker \`npm run broker -- start\` left running; lab stop leaves it running)`);
    }
    if (o.kafkaVersion && shared.state.version !== o.kafkaVersion) {
      throw new HarnessError(
        'BAD_ARGUMENT',
        `--kafka-version ${o.kafkaVersion}: the broker in ${dataDir} runs Kafka ${shared.state.version}, and the lab uses the broker that runs`,
        { hint: `stop it first (\`npm run broker -- stop\`; lab start then starts Kafka ${o.kafkaVersion}), or leave --kafka-version out` },
      );
    }
    return { bootstrapServers: shared.state.bootstrapServers, kafkaVersion: shared.state.version };
  }
  log('Kafka: none running, starting the embedded broker (lab stop stops it)');
  const broker = await startBroker({
    dataDir,
    port: o.brokerPort ?? BROKER_DEFAULTS.port,
    fresh: true,
    detached: true,
    log,
    ...(o.kafkaVersion ? { kafkaVersion: o.kafkaVersion } : {}),
  });
  startedIn(dataDir);
  log(`Kafka ${broker.version} ready at ${broker.bootstrapServers} in ${(broker.startMs / 1000).toFixed(1)} s`);
  return { bootstrapServers: broker.bootstrapServers, kafkaVersion: broker.version };
}

async function recreateTopic(admin: Admin, topic: string, partitions: number, groupId: string): Promise<void> {
  if ((await admin.listTopics()).includes(topic)) await admin.deleteTopics({ topics: [topic], timeout: 10_000 });
  await admin.deleteGroups([groupId]).catch(() => undefined);
  // A deletion completes in the background: creating the same name may fail for a moment.
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
      return;
    } catch (err) {
      if (Date.now() >= deadline) throw err;
      await sleep(300);
    }
  }
}

/**
 * Detached (its own session: no terminal's hang-up reaches it), stdout and stderr in one log
 * file, KSB_OUTLIVE_PARENT=1 because `lab start` exits while the service keeps running. The
 * command line is recorded: status and stop know the process by it.
 */
function spawnService(dir: string, kind: LabService['kind'], name: string, port: number, launch: ReplicaLaunch, env: NodeJS.ProcessEnv): LabService {
  const logFile = path.join(dir, `${name}.log`);
  const fd = openSync(logFile, 'w');
  const child = spawn(launch.command, launch.args, {
    cwd: repoRoot,
    env: { ...env, KSB_OUTLIVE_PARENT: '1' },
    stdio: ['ignore', fd, fd],
    detached: true,
  });
  closeSync(fd);
  child.unref();
  return { name, kind, pid: child.pid!, port, url: `http://127.0.0.1:${port}`, logFile, argv: [launch.command, ...launch.args] };
}

async function waitReady(s: LabService): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const log = existsSync(s.logFile) ? readFileSync(s.logFile, 'utf8') : '';
    if (log.includes('"event":"ready"')) return;
    if (!isOurService(s)) {
      throw new HarnessError('SERVICE_START_FAILED', `${s.name} exited before it was ready; last lines of ${shown(s.logFile)}:\n${tail(log, 5)}`);
    }
    await sleep(200);
  }
  throw new HarnessError('SERVICE_START_FAILED', `${s.name} was not ready within ${READY_TIMEOUT_MS / 1000} s; see ${shown(s.logFile)}`);
}

async function waitSettled(group: WatchedGroup, replicas: number, partitions: number): Promise<GroupSample> {
  const { settled, last } = await waitUntilSettled(group, replicas, partitions, { timeoutMs: READY_TIMEOUT_MS });
  if (settled && last) return last;
  throw new HarnessError(
    'SERVICE_START_FAILED',
    `the group ${LAB_DEFAULTS.groupId} did not settle with ${replicas} member(s) within ${READY_TIMEOUT_MS / 1000} s (last seen: ${last?.state ?? 'nothing'})`,
  );
}

const shown = (file: string) => {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
};
const tail = (text: string, n: number) =>
  text
    .trimEnd()
    .split('\n')
    .slice(-n)
    .map((l) => `  ${l}`)
    .join('\n');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
