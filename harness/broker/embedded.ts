import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { HarnessError } from '../model/errors.ts';
import { repoRoot } from '../paths.ts';
import { bootstrapServers, brokerLog4j, serverProperties, type ClusterLayout, type NodeLayout } from './config.ts';
import { ensureDistribution, lastLines, type KafkaDistribution } from './distribution.ts';
import { findJava, type JavaRuntime } from './java.ts';
import { freePorts, isPortFree } from './ports.ts';
import { clearState, isOurProcess, readLayout, readState, writeLayout, writeState, type BrokerState } from './state.ts';
import { runJava } from './jvm.ts';

export interface BrokerOptions {
  /** Combined broker+controller nodes; 3 gives a real KRaft quorum and replication factor 3. */
  nodes?: number;
  /** First broker port (node i gets port + 2i, its controller port + 2i + 1); 0 picks free ports. */
  port?: number;
  host?: string;
  dataDir?: string;
  heapMb?: number;
  /** Wipe the data directory first. */
  fresh?: boolean;
  /** Let the broker outlive this process (`broker start`); otherwise it shares our process group. */
  detached?: boolean;
  readyTimeoutMs?: number;
  /** Extra server.properties entries. */
  overrides?: Record<string, string>;
  /** The Kafka release to run (default KAFKA_VERSION, else DEFAULT_KAFKA_VERSION). */
  kafkaVersion?: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

export const BROKER_DEFAULTS = {
  nodes: 1,
  port: 9092,
  host: '127.0.0.1',
  dataDir: path.join(repoRoot, '.kafka'),
  heapMb: 512,
  readyTimeoutMs: 90_000,
} as const;

export interface EmbeddedBroker {
  bootstrapServers: string;
  version: string;
  dataDir: string;
  layout: ClusterLayout;
  /** Wall time of format + start until a metadata request answered for every node. */
  startMs: number;
  fetchMs: number;
  pids(): number[];
  /** SIGKILL one node: the unclean loss that a replicated topic must survive. */
  killNode(nodeId: number): Promise<void>;
  /** SIGTERM one node (Kafka's controlled shutdown: leadership moves first); SIGKILL after a grace period. */
  stopNode(nodeId: number): Promise<void>;
  /**
   * Start a stopped or killed node again on its own data directory. With `wait`, resolves once
   * it is back in the cluster's metadata; without, once its process runs (a timeline action must
   * not hold the next one back while the node recovers its log).
   */
  startNode(nodeId: number, options?: { wait?: boolean }): Promise<void>;
  /** SIGSTOP / SIGCONT one node: a hung broker that keeps its sockets open. */
  pauseNode(nodeId: number): void;
  resumeNode(nodeId: number): void;
  /** Node ids that are paused now. */
  pausedNodes(): number[];
  /** Whether the node's process runs (paused counts as running). */
  isNodeRunning(nodeId: number): boolean;
  /** Resumes every paused node before stopping them all (a SIGSTOPped JVM cannot shut down). */
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 20_000;

/** Nodes paused (SIGSTOP) by this process: whatever path leads out, none is left stopped. */
const pausedPids = new Set<number>();
process.once('exit', () => {
  for (const pid of pausedPids) signal(pid, 'SIGCONT');
});

export async function startBroker(options: BrokerOptions = {}): Promise<EmbeddedBroker> {
  const o = { ...BROKER_DEFAULTS, ...definedOnly(options) };
  const log = options.log ?? (() => {});
  if (!Number.isInteger(o.nodes) || o.nodes < 1 || o.nodes > 9) {
    throw new HarnessError('BAD_ARGUMENT', `--nodes must be an integer from 1 to 9, got ${o.nodes}`);
  }
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535 - 2 * o.nodes) {
    throw new HarnessError('BAD_ARGUMENT', `--port must be 0 (free ports) or a TCP port, got ${o.port}`);
  }
  if (!Number.isInteger(o.heapMb) || o.heapMb < 1) {
    throw new HarnessError('BAD_ARGUMENT', `--heap must be a positive number of MiB, got ${o.heapMb}`);
  }
  const dataDir = path.resolve(o.dataDir);
  const java = findJava(options.env);
  const dist = ensureDistribution({ env: options.env, log, ...(options.kafkaVersion ? { version: options.kafkaVersion } : {}) });
  const started = Date.now();

  prepareDataDir(dataDir, o.fresh);
  const running = readState(dataDir);
  if (running && Object.entries(running.pids).some(([id, pid]) => isOurProcess(pid, nodeDir(dataDir, Number(id))))) {
    throw new HarnessError('BROKER_ALREADY_RUNNING', `an embedded broker from ${dataDir} already runs at ${running.bootstrapServers}`, {
      hint: 'use it (it is the default), or stop it first with `npm run broker -- stop`',
    });
  }

  const formatted = readLayout(dataDir);
  if (formatted?.kafkaVersion && formatted.kafkaVersion !== dist.version) {
    // Kafka 4.4's kafka-storage writes a bootstrap metadata.version an older broker cannot read,
    // and an upgrade in place is an operator's procedure, not a benchmark's starting point.
    throw new HarnessError(
      'BAD_ARGUMENT',
      `the data directory ${dataDir} was formatted by Kafka ${formatted.kafkaVersion}; this broker is Kafka ${dist.version}, and one version's storage is not another's starting point`,
      { hint: `pass --fresh to wipe it and format it for ${dist.version}, or --kafka-version ${formatted.kafkaVersion}, or another --data-dir` },
    );
  }
  const layout = await chooseLayout(dataDir, o.host, o.nodes, o.port, formatted);
  for (const node of layout.nodes) {
    for (const port of [node.brokerPort, node.controllerPort]) {
      if (!(await isPortFree(port, o.host))) {
        throw new HarnessError('PORT_IN_USE', `port ${o.host}:${port} is already taken by another process`, {
          hint: 'pass --port with another port (or --port 0 for free ports), or stop what listens there; `npm run broker -- status` shows an embedded broker',
        });
      }
    }
  }

  let clusterId = formatted?.clusterId;
  for (const node of layout.nodes) {
    mkdirSync(node.dir, { recursive: true });
    writeFileSync(path.join(node.dir, 'server.properties'), serverProperties(layout, node, o.overrides));
    writeFileSync(path.join(node.dir, 'log4j2.properties'), brokerLog4j(path.join(node.dir, 'server.log')));
  }
  if (!clusterId) {
    clusterId = newClusterId();
    await Promise.all(layout.nodes.map((node) => formatNode(java, dist, node, clusterId!)));
    writeLayout(dataDir, { clusterId, layout, kafkaVersion: dist.version });
  }

  const children = new Map<number, ChildProcess>();
  const exited = new Map<number, number | string>();
  const paused = new Set<number>();
  const launch = (node: NodeLayout) => {
    const child = launchNode(java, dist, node, o.heapMb, o.detached ?? false);
    children.set(node.nodeId, child);
    exited.delete(node.nodeId);
    child.once('exit', (code, signal) => {
      exited.set(node.nodeId, code ?? signal ?? 'unknown');
      paused.delete(node.nodeId);
    });
    return child;
  };
  for (const node of layout.nodes) launch(node);
  const pids = () => [...children.values()].map((c) => c.pid!).filter(Boolean);
  const resumeAll = () => {
    for (const id of paused) {
      const pid = children.get(id)?.pid;
      if (pid) {
        signal(pid, 'SIGCONT');
        pausedPids.delete(pid);
      }
    }
    paused.clear();
  };
  const stop = async () => {
    resumeAll();
    await stopProcesses([...children.entries()].filter(([id]) => !exited.has(id)).map(([id, c]) => ({ pid: c.pid!, dir: nodeDir(dataDir, id) })));
    clearState(dataDir);
  };

  const bootstrap = bootstrapServers(layout);
  try {
    await waitUntilReady(bootstrap, layout, o.readyTimeoutMs, exited);
  } catch (err) {
    await stop();
    throw err;
  }
  const state: BrokerState = {
    version: dist.version,
    clusterId,
    bootstrapServers: bootstrap,
    heapMb: o.heapMb,
    startedAt: new Date().toISOString(),
    layout,
    pids: Object.fromEntries([...children.entries()].map(([id, c]) => [String(id), c.pid!])),
  };
  writeState(dataDir, state);
  if (o.detached) for (const c of children.values()) c.unref();

  return {
    bootstrapServers: bootstrap,
    version: dist.version,
    dataDir,
    layout,
    startMs: Date.now() - started,
    fetchMs: dist.fetchMs,
    pids,
    async killNode(nodeId) {
      const child = children.get(nodeId);
      if (!child || exited.has(nodeId)) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await gone;
    },
    async stopNode(nodeId) {
      const child = children.get(nodeId);
      if (!child || exited.has(nodeId)) return;
      // The process may be gone from /proc (a zombie has no cmdline) before Node reaps it and
      // emits 'exit': wait for the event, so isNodeRunning and startNode see the node stopped.
      const gone = new Promise((r) => child.once('exit', r));
      if (paused.delete(nodeId)) {
        child.kill('SIGCONT');
        pausedPids.delete(child.pid!);
      }
      await stopProcesses([{ pid: child.pid!, dir: nodeDir(dataDir, nodeId) }]);
      await gone;
    },
    async startNode(nodeId, options = {}) {
      const node = layout.nodes.find((n) => n.nodeId === nodeId);
      if (!node) throw new HarnessError('BAD_ARGUMENT', `there is no broker node ${nodeId} (nodes: ${layout.nodes.map((n) => n.nodeId).join(', ')})`);
      if (!exited.has(nodeId)) throw new HarnessError('BAD_ARGUMENT', `broker node ${nodeId} is running; only a stopped or killed node can be started`);
      launch(node);
      state.pids[String(nodeId)] = children.get(nodeId)!.pid!;
      writeState(dataDir, state);
      if (options.wait ?? true) await waitUntilRegistered(bootstrap, layout, nodeId, o.readyTimeoutMs, exited);
    },
    pauseNode(nodeId) {
      const child = children.get(nodeId);
      if (!child || exited.has(nodeId)) throw new HarnessError('BAD_ARGUMENT', `broker node ${nodeId} is not running; it cannot be paused`);
      child.kill('SIGSTOP');
      paused.add(nodeId);
      pausedPids.add(child.pid!);
    },
    resumeNode(nodeId) {
      const child = children.get(nodeId);
      if (child && paused.delete(nodeId)) {
        child.kill('SIGCONT');
        pausedPids.delete(child.pid!);
      }
    },
    pausedNodes: () => [...paused],
    isNodeRunning: (nodeId) => children.has(nodeId) && !exited.has(nodeId),
    stop,
  };
}

/** Kafka's Uuid.randomUuid(): 16 random bytes in base64url, never starting with '-' (it reads as a flag). */
function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

export const nodeDir = (dataDir: string, nodeId: number) => path.join(dataDir, `node-${nodeId}`);

function prepareDataDir(dataDir: string, fresh: boolean | undefined): void {
  try {
    if (fresh) {
      const running = readState(dataDir);
      if (running && Object.entries(running.pids).some(([id, pid]) => isOurProcess(pid, nodeDir(dataDir, Number(id))))) {
        throw new HarnessError('BROKER_ALREADY_RUNNING', `cannot wipe ${dataDir}: its broker runs at ${running.bootstrapServers}`, {
          hint: 'stop it first with `npm run broker -- stop`',
        });
      }
      rmSync(dataDir, { recursive: true, force: true });
    }
    mkdirSync(dataDir, { recursive: true });
    const probe = path.join(dataDir, `.write-probe-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (err) {
    if (err instanceof HarnessError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new HarnessError('DATA_DIR_NOT_WRITABLE', `the data directory ${dataDir} is not writable (${code})`, {
      hint: 'pass --data-dir with a folder you can write to',
      cause: err,
    });
  }
}

async function chooseLayout(
  dataDir: string,
  host: string,
  nodes: number,
  port: number,
  formatted: { layout: ClusterLayout } | undefined,
): Promise<ClusterLayout> {
  if (formatted) {
    const same = formatted.layout.nodes.length === nodes && formatted.layout.host === host && (port === 0 || formatted.layout.nodes[0]?.brokerPort === port);
    if (same) return formatted.layout;
    const was = `${formatted.layout.nodes.length} node(s) at ${bootstrapServers(formatted.layout)}`;
    throw new HarnessError('BAD_ARGUMENT', `the data directory ${dataDir} was formatted for ${was}; a KRaft quorum cannot change its nodes or ports in place`, {
      hint: 'pass the same --nodes/--port as before, or --fresh to wipe it, or another --data-dir',
    });
  }
  const ports = port === 0 ? await freePorts(2 * nodes, host) : Array.from({ length: 2 * nodes }, (_, i) => port + i);
  return {
    host,
    nodes: Array.from(
      { length: nodes },
      (_, i): NodeLayout => ({
        nodeId: i + 1,
        brokerPort: ports[2 * i]!,
        controllerPort: ports[2 * i + 1]!,
        dir: nodeDir(dataDir, i + 1),
      }),
    ),
  };
}

async function formatNode(java: JavaRuntime, dist: KafkaDistribution, node: NodeLayout, clusterId: string): Promise<void> {
  const result = await runJava(java, dist, 'kafka.tools.StorageTool', ['format', '-t', clusterId, '-c', path.join(node.dir, 'server.properties')]);
  if (result.code !== 0) {
    throw new HarnessError('BROKER_NOT_READY', `formatting KRaft storage for node ${node.nodeId} failed:\n${lastLines(result.output, 10)}`, {
      hint: 'pass --fresh to start from an empty data directory',
    });
  }
}

function launchNode(java: JavaRuntime, dist: KafkaDistribution, node: NodeLayout, heapMb: number, detached: boolean): ChildProcess {
  const out = openSync(path.join(node.dir, 'stdout.log'), 'a');
  try {
    return spawn(
      java.executable,
      [
        `-Xmx${heapMb}m`,
        `-Xms${heapMb}m`,
        '-XX:+UseG1GC',
        '-XX:MaxGCPauseMillis=20',
        '-XX:InitiatingHeapOccupancyPercent=35',
        '-XX:+ExplicitGCInvokesConcurrent',
        '-Djava.awt.headless=true',
        `-Dlog4j2.configurationFile=${path.join(node.dir, 'log4j2.properties')}`,
        `-Dkafka.logs.dir=${node.dir}`,
        '-cp',
        dist.classpath,
        'kafka.Kafka',
        path.join(node.dir, 'server.properties'),
      ],
      { detached, stdio: ['ignore', out, out] },
    );
  } finally {
    closeSync(out);
  }
}

/** Ready means what a client needs: a metadata request answers and lists every node. */
async function waitUntilReady(bootstrap: string, layout: ClusterLayout, timeoutMs: number, exited: Map<number, number | string>): Promise<void> {
  const kafka = new Kafka({
    clientId: 'ksb-ready-probe',
    brokers: bootstrap.split(','),
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    connectionTimeout: 1000,
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const [nodeId, how] of exited) {
      throw new HarnessError(
        'BROKER_NOT_READY',
        `broker node ${nodeId} exited (${how}) before it was ready; last lines of its log:\n${nodeLogTail(layout, nodeId)}`,
        {
          hint: 'read the whole log with `npm run broker -- logs`; try --fresh, another --port or more --heap',
        },
      );
    }
    const admin = kafka.admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length === layout.nodes.length && cluster.controller !== null) return;
    } catch {
      // not up yet
    } finally {
      await admin.disconnect().catch(() => {});
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const waited = (timeoutMs / 1000).toFixed(0);
  throw new HarnessError(
    'BROKER_NOT_READY',
    `the broker did not answer a metadata request within ${waited} s; last lines of its log:\n${nodeLogTail(layout, layout.nodes[0]!.nodeId)}`,
    {
      hint: 'read the whole log with `npm run broker -- logs`; a slow machine may need a longer --ready-timeout',
    },
  );
}

/** A restarted node is back when the cluster's metadata lists it again (it has re-registered). */
async function waitUntilRegistered(
  bootstrap: string,
  layout: ClusterLayout,
  nodeId: number,
  timeoutMs: number,
  exited: Map<number, number | string>,
): Promise<void> {
  const kafka = new Kafka({
    clientId: 'ksb-ready-probe',
    brokers: bootstrap.split(','),
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    connectionTimeout: 1000,
    requestTimeout: 3000,
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const how = exited.get(nodeId);
    if (how !== undefined) {
      throw new HarnessError(
        'BROKER_NOT_READY',
        `broker node ${nodeId} exited (${how}) while starting again; last lines of its log:\n${nodeLogTail(layout, nodeId)}`,
      );
    }
    const admin = kafka.admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.brokers.some((b) => b.nodeId === nodeId)) return;
    } catch {
      // the others may be busy electing leaders
    } finally {
      await admin.disconnect().catch(() => {});
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new HarnessError(
    'BROKER_NOT_READY',
    `broker node ${nodeId} did not rejoin the cluster within ${(timeoutMs / 1000).toFixed(0)} s; last lines of its log:\n${nodeLogTail(layout, nodeId)}`,
  );
}

export function nodeLogTail(layout: ClusterLayout, nodeId: number, lines = 12): string {
  const node = layout.nodes.find((n) => n.nodeId === nodeId);
  if (!node) return '';
  const read = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8') : '');
  const text = `${read(path.join(node.dir, 'server.log'))}\n${read(path.join(node.dir, 'stdout.log'))}`;
  return lastLines(text, lines) || '    (the log is empty)';
}

/** SIGTERM lets Kafka shut down cleanly; after a grace period, SIGKILL. Returns once all are gone. */
export async function stopProcesses(targets: { pid: number; dir: string }[], graceMs = STOP_GRACE_MS): Promise<void> {
  const alive = (t: { pid: number; dir: string }) => isOurProcess(t.pid, t.dir);
  for (const t of targets) if (alive(t)) signal(t.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (targets.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  for (const t of targets) if (alive(t)) signal(t.pid, 'SIGKILL');
  while (targets.some(alive)) await new Promise((r) => setTimeout(r, 50));
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Status and stop for a cluster started by another process (`broker start` then `broker stop`). */
export function brokerStatus(dataDir: string = BROKER_DEFAULTS.dataDir): { state: BrokerState; alive: Record<string, boolean> } | undefined {
  const state = readState(path.resolve(dataDir));
  if (!state) return undefined;
  const alive = Object.fromEntries(Object.entries(state.pids).map(([id, pid]) => [id, isOurProcess(pid, nodeDir(path.resolve(dataDir), Number(id)))]));
  return { state, alive };
}

export async function stopBroker(dataDir: string = BROKER_DEFAULTS.dataDir): Promise<BrokerState | undefined> {
  const dir = path.resolve(dataDir);
  const state = readState(dir);
  if (!state) return undefined;
  await stopProcesses(Object.entries(state.pids).map(([id, pid]) => ({ pid, dir: nodeDir(dir, Number(id)) })));
  clearState(dir);
  return state;
}
