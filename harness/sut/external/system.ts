import { execFile } from 'node:child_process';
import path from 'node:path';
import { freePorts } from '../../broker/ports.ts';
import { HarnessError, isHarnessError } from '../../model/errors.ts';
import type { WatchedGroup } from '../../groups/open.ts';
import type { GroupSample } from '../../model/samples.ts';
import { capabilitiesOf, type ExternalSystemSpec } from '../../model/system.ts';
import { pausing, runningReplica, type Replica, type SystemUnderTest } from '../types.ts';
import { startCommand, type CommandProcess } from './process.ts';
import { readStock, stockUrlFor } from './stock.ts';
import type { StockReading } from '../../model/kafka-observation.ts';
import { fillArgv } from '../../model/template.ts';

/**
 * A consumer group the project did not write, as the same seam as the managed services: the
 * timeline adds, stops and kills its replicas through the argv templates. A replica has no ready
 * line: it counts as started once its process is alive and the group has one more member than
 * before it was started (the member it became is remembered, so per-member figures name it).
 */
export interface ExternalSystemOptions {
  spec: ExternalSystemSpec;
  brokers: string;
  topic: string;
  groupId: string;
  replicas: number;
  dir: string;
  group: WatchedGroup;
  /** Products whose stock is read through system.stockUrl, 1..productIds. */
  productIds: number;
  signal?: AbortSignal;
}

export interface ExternalSystem extends SystemUnderTest {
  /** memberId -> replica name, as each replica's member appeared in the group. */
  readonly members: Map<string, string>;
  /** With system.stockUrl: each replica's stock before the load and after the drain. */
  readonly stock: StockReading[];
}

const POLL_MS = 200;

export async function startExternalSystem(o: ExternalSystemOptions): Promise<ExternalSystem> {
  const { spec } = o;
  const replicas: Replica[] = [];
  const members = new Map<string, string>();
  let started = 0;
  let scaled = 0;
  const values = { brokers: o.brokers, topic: o.topic, group: o.groupId };

  let lastSample: GroupSample | undefined;
  /** A failed read is retried; a group Kafka says is of another kind than system.groupProtocol is not. */
  const readMembers = async (): Promise<GroupSample['members']> => {
    const sample = await o.group.readMembers().catch((err: unknown) => {
      if (isHarnessError(err)) throw err;
      return undefined;
    });
    if (sample) lastSample = sample;
    return sample?.members ?? [];
  };

  /** Waits until the group has `count` members; new member ids go to `name` (when one replica is awaited). */
  const awaitMembers = async (count: number, known: Set<string>, waiting: CommandProcess[], names: string[]): Promise<void> => {
    const deadline = Date.now() + spec.replicas.joinTimeoutS * 1000;
    while (Date.now() < deadline) {
      if (o.signal?.aborted) throw new Error('interrupted');
      const dead = waiting.find((p) => !p.isRunning());
      if (dead) {
        const { code, signal } = await dead.exited;
        throw new HarnessError(
          'SERVICE_START_FAILED',
          `system.replicas.command: ${dead.name} exited at once (${signal ?? `code ${code}`}) before joining group ${o.groupId}; see ${dead.logFile}`,
          {
            hint: 'run the command by hand with the same arguments; placeholders {index} {port} {brokers} {topic} {group} are filled in per replica',
          },
        );
      }
      const seen = await readMembers();
      const fresh = seen.filter((m) => !known.has(m.memberId) && !members.has(m.memberId));
      if (names.length === 1) for (const m of fresh) members.set(m.memberId, names[0]!);
      if (seen.length >= count) {
        // Several replicas started together: their members are told apart by join order only.
        fresh.forEach((m, i) => {
          members.set(m.memberId, names[Math.min(i, names.length - 1)] ?? 'unknown');
        });
        return;
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    const field = spec.replicas.command ? 'system.replicas.command' : 'system.replicas.scale';
    throw new HarnessError(
      'SERVICE_START_FAILED',
      `${field}: ${o.group.describe(lastSample)} after ${spec.replicas.joinTimeoutS} s, expected ${count} (system.replicas.joinTimeoutS)`,
      {
        hint: `check that the replicas consume topic ${o.topic} in group ${o.groupId} (see the logs in ${o.dir})`,
      },
    );
  };

  const spawnProcess = async (index: number, port: number): Promise<CommandProcess> => {
    const name = `replica-${index}`;
    const argv = fillArgv(spec.replicas.command!, { ...values, index, port });
    return startCommand({ name, argv, logFile: path.join(o.dir, `${name}.log`), port, field: 'system.replicas.command' });
  };

  const spawnReplica = async (): Promise<{ replica: Replica; process: CommandProcess }> => {
    const index = started++;
    const name = `replica-${index}`;
    const [port] = await freePorts(1);
    const process_ = await spawnProcess(index, port!);
    const replica: Replica = {
      index,
      name,
      process: process_,
      record: { name, index, pid: process_.pid, port: port!, startedAt: Date.now(), endedBy: 'cell-end', journal: '' },
    };
    replicas[index] = replica;
    watchExit(replica, process_);
    return { replica, process: process_ };
  };

  const restarting = new Set<number>();
  /** Only the replica's current process ending unasked is a crash (a restart's SIGTERM is not). */
  const watchExit = (replica: Replica, process_: CommandProcess) => {
    void process_.exited.then(() => {
      if (replica.process === process_ && replica.record.endedAt === undefined && !restarting.has(replica.index)) {
        replica.record.endedAt = Date.now();
        replica.record.endedBy = 'crashed';
      }
    });
  };

  /**
   * The same index and port through the command again, so a replica that takes its
   * group.instance.id from {index} keeps it. It is back once a member the group did not have
   * before appears (a static classic member keeps its place meanwhile, under its old member id).
   */
  const restartReplica = async (index: number, at = Date.now()): Promise<Replica> => {
    if (!spec.replicas.command) {
      throw new HarnessError(
        'BAD_ARGUMENT',
        `restartReplica needs system.replicas.command: with system.replicas.scale the harness does not own the processes, so it cannot own their restart (restart them on your platform, e.g. kubectl rollout restart)`,
      );
    }
    const replica = runningReplica(replicas, index);
    restarting.add(index);
    try {
      const known = new Set((await readMembers()).map((m) => m.memberId));
      await replica.process.stop();
      const exitedAt = Date.now();
      const process_ = await spawnProcess(index, replica.record.port!);
      replica.process = process_;
      replica.record.pid = process_.pid;
      watchExit(replica, process_);
      replica.record.restarts = [...(replica.record.restarts ?? []), { at, exitedAt, startedAt: Date.now(), pid: process_.pid }];
      await awaitNewMember(known, process_, replica.name);
      return replica;
    } finally {
      restarting.delete(index);
    }
  };

  const awaitNewMember = async (known: ReadonlySet<string>, process_: CommandProcess, name: string): Promise<void> => {
    const deadline = Date.now() + spec.replicas.joinTimeoutS * 1000;
    while (Date.now() < deadline) {
      if (o.signal?.aborted) throw new Error('interrupted');
      if (!process_.isRunning()) {
        const { code, signal } = await process_.exited;
        throw new HarnessError(
          'SERVICE_START_FAILED',
          `system.replicas.command: ${name} exited (${signal ?? `code ${code}`}) after its restart; see ${process_.logFile}`,
        );
      }
      const fresh = (await readMembers()).find((m) => !known.has(m.memberId) && !members.has(m.memberId));
      if (fresh) {
        members.set(fresh.memberId, name);
        return;
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    throw new HarnessError(
      'SERVICE_START_FAILED',
      `system.replicas.command: ${name} restarted but no new member joined group ${o.groupId} within ${spec.replicas.joinTimeoutS} s (system.replicas.joinTimeoutS); ${o.group.describe(lastSample)}`,
    );
  };

  const runScale = async (count: number): Promise<void> => {
    const argv = fillArgv(spec.replicas.scale!, { ...values, replicas: count });
    await new Promise<void>((resolve, reject) => {
      execFile(argv[0]!, argv.slice(1), { timeout: 120_000 }, (err, _out, stderr) => {
        if (!err) return resolve();
        const code = (err as NodeJS.ErrnoException).code;
        const why =
          code === 'ENOENT'
            ? `command not found: ${JSON.stringify(argv[0])}`
            : `${argv.join(' ')} failed: ${stderr.trim().split('\n').slice(-3).join(' / ') || err.message}`;
        reject(new HarnessError('SERVICE_START_FAILED', `system.replicas.scale${code === 'ENOENT' ? '[0]' : ''}: ${why}`));
      });
    });
    scaled = count;
  };

  const virtualReplica = (index: number): Replica => {
    const name = `replica-${index}`;
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(() => {});
    let running = true;
    const replica: Replica = {
      index,
      name,
      process: {
        name,
        pid: 0,
        port: 0,
        url: '',
        logFile: '',
        exited,
        isRunning: () => running,
        stop: async () => {
          running = false;
        },
        kill: async () => {
          throw new Error('killReplica needs system.replicas.command: with replicas.scale the harness does not own the processes');
        },
        pause: () => {
          throw new Error('pauseReplica needs system.replicas.command');
        },
        resume: () => {},
        isPaused: () => false,
      },
      record: { name, index, startedAt: Date.now(), endedBy: 'cell-end', journal: '' },
    };
    replicas[index] = replica;
    return replica;
  };

  const stock: StockReading[] = [];
  const readStocksBefore = async (from: Replica[]) => {
    if (!spec.stockUrl) return;
    // A replica that has joined may not serve HTTP yet: asked again until its join timeout.
    const retryUntil = Date.now() + spec.replicas.joinTimeoutS * 1000;
    for (const replica of from) {
      for (let productId = 1; productId <= o.productIds; productId++) {
        const url = stockUrlFor(spec.stockUrl, replica, productId);
        stock.push({ replica: replica.name, productId, url, before: (await readStock(url, true, retryUntil))!, after: null });
      }
    }
  };
  const stopAll = async () => {
    // The stock after the drain, before anything stops (a stopped replica's memory is gone).
    for (const s of stock) {
      const replica = replicas.find((r) => r?.name === s.replica);
      if (replica?.process.isRunning()) s.after = await readStock(s.url, false);
    }
    const now = Date.now();
    const known = replicas.filter((r): r is Replica => r !== undefined);
    for (const r of known) if (r.record.endedAt === undefined) r.record.endedAt = now;
    await Promise.all(known.map((r) => r.process.stop().catch(() => {})));
  };

  try {
    const before = new Set((await readMembers()).map((m) => m.memberId));
    if (spec.replicas.command) {
      // One at a time: the member each replica becomes is then known (a member id says nothing
      // of the process behind it), so per-member figures and killReplica name the same replica.
      const known = new Set(before);
      for (let i = 0; i < o.replicas; i++) {
        const { replica, process: p } = await spawnReplica();
        await awaitMembers(before.size + i + 1, known, [p], [replica.name]);
        for (const id of members.keys()) known.add(id);
      }
    } else {
      await runScale(o.replicas);
      for (let i = 0; i < o.replicas; i++) virtualReplica(started++);
      await awaitMembers(
        o.replicas,
        before,
        [],
        replicas.map((r) => r.name),
      );
    }
    await readStocksBefore(replicas);
  } catch (err) {
    await stopAll();
    throw err;
  }

  const addReplica = async (): Promise<Replica> => {
    const current = await readMembers();
    const known = new Set(current.map((m) => m.memberId));
    if (spec.replicas.command) {
      const { replica, process: p } = await spawnReplica();
      await awaitMembers(current.length + 1, known, [p], [replica.name]);
      await readStocksBefore([replica]);
      return replica;
    }
    await runScale(scaled + 1);
    const replica = virtualReplica(started++);
    await awaitMembers(current.length + 1, known, [], [replica.name]);
    return replica;
  };

  const end = async (index: number, how: 'stopReplica' | 'killReplica', at = Date.now()): Promise<Replica> => {
    const replica = runningReplica(replicas, index);
    if (spec.replicas.scale) {
      if (how === 'killReplica') throw new Error('killReplica needs system.replicas.command: with replicas.scale the harness does not own the processes');
      // Which pod or process leaves is the platform's choice; the record names the slot.
      await runScale(scaled - 1);
    }
    replica.record.endedAt = at;
    replica.record.endedBy = how;
    await (how === 'stopReplica' ? replica.process.stop() : replica.process.kill());
    return replica;
  };

  return {
    capabilities: capabilitiesOf(spec),
    replicas,
    members,
    stock,
    running: () => replicas.filter((r) => r.process.isRunning()),
    addReplica,
    stopReplica: (i, at) => end(i, 'stopReplica', at),
    killReplica: (i, at) => end(i, 'killReplica', at),
    restartReplica,
    ...pausing(replicas),
    stop: stopAll,
  };
}
