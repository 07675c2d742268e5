import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Admin } from 'kafkajs';
import { createTopicAndWait } from '../broker/topics.ts';
import { analyzeCell, type CellResult } from '../analysis/cell.ts';
import { readJournal } from '../analysis/journal.ts';
import { withAdminReason } from '../broker/admin-errors.ts';
import type { ClusterNodes } from '../broker/cluster.ts';
import { isHarnessError } from '../model/errors.ts';
import { startLoad } from '../load/index.ts';
import type { LoadResult, PeriodStats } from '../model/load.ts';
import type { LoadRun } from '../load/generator.ts';
import { ConsumerGroupReader } from '../probes/consumer-group.ts';
import { groupReader, isSettled, type GroupReader } from '../probes/group.ts';
import { readLag, totalLag } from '../probes/lag.ts';
import { metadataReader } from '../probes/metadata.ts';
import { startSampler, type Sampler } from '../probes/sampler.ts';
import type { ResultsFolder } from '../results/folder.ts';
import type { ExecutedAction, RawCell } from '../model/raw-cell.ts';
import type { GroupSample, LagSample, MetadataSample } from '../model/samples.ts';
import type { Cell } from '../model/scenario.ts';
import type { SystemUnderTest } from '../sut/system.ts';
import type { StockReading } from '../model/kafka-observation.ts';
import { startKafkaObservation, type KafkaObserver } from '../probes/kafka-side.ts';
import { appendKafkaSide, kafkaSideOf } from '../results/kafka-side.ts';
import { cellNames, createdTopicConfig, existingPartitions, externalOf, groupProtocolOf, loadTargetFor, startSystemFor } from './system-setup.ts';
import { runTimeline, type TimelineRun } from './timeline.ts';

export interface CellContext {
  brokers: string;
  admin: Admin;
  /** Replication factor for the cell's topic: min(3, brokers in the cluster). */
  replicationFactor: number;
  /** The nodes timeline actions may stop, kill or pause. */
  cluster: ClusterNodes;
  folder: ResultsFolder;
  runId: string;
  signal: AbortSignal;
  events?: CellEvents;
}

/** What a progress display listens to. */
export interface CellEvents {
  /** `timeoutMs`: how long the phase may take at most (the drain's timeout). */
  phase?(name: 'setup' | 'warmup' | 'measure' | 'drain' | 'teardown', at: number, timeoutMs?: number): void;
  period?(p: PeriodStats): void;
  lag?(s: LagSample): void;
  action?(a: ExecutedAction): void;
}

const SETTLE_TIMEOUT_MS = 90_000;
const LOAD_START_DELAY_MS = 1_500;

/**
 * One run of one cell, in OpenMessaging Benchmark's fixed phases: a fresh topic and group,
 * the services, wait until the group owns every partition, warm up, measure while the
 * timeline runs, drain, stop everything. Whatever happens, the processes stop, the raw record
 * is written first and the analysis follows from it.
 */
export async function runCell(cell: Cell, repeat: number, ctx: CellContext): Promise<CellResult> {
  const id = `${ctx.runId}-${cell.name}-${repeat}`;
  const { topic, groupId, ownsTopic } = cellNames(cell, ctx.runId, repeat);
  const dir = ctx.folder.rawDir(cell.name, repeat);
  const raw: RawCell = {
    cell,
    repeat,
    topic,
    groupId,
    status: 'ok',
    times: { setupStart: Date.now(), end: 0 },
    timeline: [],
    replicas: [],
    lag: [],
    group: [],
    drained: false,
  };
  ctx.folder.writeRaw(raw);
  let system: (SystemUnderTest & { members?: Map<string, string>; stock?: StockReading[] }) | undefined;
  let observer: KafkaObserver | undefined;
  let load: LoadRun | undefined;
  let loadResult: LoadResult | undefined;
  let timeline: TimelineRun | undefined;
  let lagProbe: Sampler<LagSample> | undefined;
  let groupProbe: Sampler<GroupSample> | undefined;
  let metadataProbe: Sampler<MetadataSample> | undefined;
  const consumer = cell.topology.consumer;
  const brokers = ctx.brokers.split(',');
  const group: GroupReader = groupReader(groupProtocolOf(cell), { admin: ctx.admin, brokers, groupId, topic });
  const metadata = metadataReader(ctx.admin, brokers, topic, groupId);
  const aborted = () => ctx.signal.aborted;
  const onAbort = () => {
    timeline?.cancel();
    void load?.stop();
  };
  ctx.signal.addEventListener('abort', onAbort, { once: true });

  try {
    ctx.events?.phase?.('setup', Date.now());
    // From three replicas on, an acks=all write needs two of them: one broker may be lost.
    const configEntries = ctx.replicationFactor >= 3 ? [{ name: 'min.insync.replicas', value: '2' }] : [];
    let partitions = cell.topology.partitions;
    if (!ownsTopic) partitions = await existingPartitions(ctx.admin, topic);
    else await withAdminReason(`creating topic ${topic} (${cell.topology.partitions} partitions, replication factor ${ctx.replicationFactor})`, () =>
      createTopicAndWait(ctx.admin, { topic, numPartitions: cell.topology.partitions, replicationFactor: ctx.replicationFactor, configEntries: [...configEntries, ...createdTopicConfig(cell)] }),
    );
    if (consumer.groupHeartbeatIntervalMs !== null) {
      const configs = new ConsumerGroupReader(brokers);
      try {
        await configs.setHeartbeatInterval(groupId, consumer.groupHeartbeatIntervalMs);
      } finally {
        await configs.close();
      }
    }
    system = await startSystemFor(cell, { brokers: ctx.brokers, topic, groupId, topology: cell.topology, dir, productIds: cell.load.payload.productIds }, group, ctx.signal);
    raw.replicas = system.replicas.map((r) => r.record);
    await waitUntilSettled(group, cell.topology.replicas, partitions, ctx.signal);
    raw.times.ready = Date.now();
    if (aborted()) throw new Interrupted();
    observer = await startKafkaObservation({ admin: ctx.admin, brokers, topic, groupId, group, dir, tapGroupId: `ksb-tap-${id}` });

    lagProbe = startSampler(() => readLag(ctx.admin, topic, groupId), 1000, (s) => ctx.events?.lag?.(s));
    groupProbe = startSampler(() => group.read(), 1000);
    metadataProbe = startSampler(() => metadata.read(), 1000);

    const cpuBefore = process.cpuUsage();
    const cpuFrom = Date.now();
    const startAt = Date.now() + LOAD_START_DELAY_MS;
    const measureFrom = startAt + cell.load.warmupS * 1000;
    raw.times.loadStart = startAt;
    raw.times.measureFrom = measureFrom;
    load = startLoad(
      {
        ...loadTargetFor(cell, system, brokers, topic),
        rate: cell.load.rate,
        durationS: cell.load.warmupS + cell.load.durationS,
        startAt,
        measureFrom,
        connections: cell.load.connections,
        workers: cell.load.workers,
        arrival: cell.load.arrival,
        payload: cell.load.payload,
        seed: repeat + 1,
      },
      (p) => ctx.events?.period?.(p),
    );
    ctx.events?.phase?.(cell.load.warmupS > 0 ? 'warmup' : 'measure', startAt);
    const measureTimer = setTimeout(() => ctx.events?.phase?.('measure', measureFrom), Math.max(0, measureFrom - Date.now()));
    timeline = runTimeline(cell.timeline, measureFrom, { admin: ctx.admin, topic, groupId, system, cluster: ctx.cluster }, (a) => {
      raw.replicas = system!.replicas.map((r) => r.record);
      ctx.events?.action?.(a);
    });
    raw.timeline = timeline.actions;
    if (aborted()) onAbort();
    try {
      loadResult = await load.done;
    } finally {
      clearTimeout(measureTimer);
    }
    raw.times.measureTo = Math.min(Date.now(), measureFrom + cell.load.durationS * 1000);
    const cpu = process.cpuUsage(cpuBefore);
    raw.harnessCpuPercent = ((cpu.user + cpu.system) / 1000 / Math.max(1, Date.now() - cpuFrom)) * 100;
    await timeline.done;
    if (aborted()) throw new Interrupted();

    ctx.events?.phase?.('drain', Date.now(), cell.drain.timeoutS * 1000);
    raw.drained = await drain(ctx.admin, topic, groupId, cell.drain.timeoutS * 1000, ctx.signal);
    raw.times.drainEnd = Date.now();
    if (aborted()) throw new Interrupted();
  } catch (err) {
    raw.status = err instanceof Interrupted || aborted() ? 'interrupted' : 'failed';
    if (raw.status === 'failed') raw.error = err instanceof Error ? err.message : String(err);
    if (raw.status === 'failed' && isHarnessError(err)) raw.errorCode = err.code;
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    ctx.events?.phase?.('teardown', Date.now());
    timeline?.cancel();
    // A cancelled pause resumes its process (SIGCONT) before anything is stopped.
    await timeline?.done.catch(() => {});
    if (load && !loadResult) loadResult = await load.stop().catch(() => undefined);
    raw.lag = (await lagProbe?.stop()) ?? raw.lag;
    raw.group = (await groupProbe?.stop()) ?? raw.group;
    raw.metadata = (await metadataProbe?.stop()) ?? raw.metadata;
    raw.probeFailures = { lag: lagProbe?.failedAt ?? [], group: groupProbe?.failedAt ?? [], metadata: metadataProbe?.failedAt ?? [] };
    raw.kafka = await observer?.stop(system?.members).catch(() => undefined);
    await group.close();
    await metadata.close();
    if (system) {
      await system.stop().catch(() => {});
      raw.replicas = system.replicas.map((r) => r.record);
      if (raw.kafka && system.stock?.length) raw.kafka.stock = system.stock;
    }
    if (ownsTopic) await ctx.admin.deleteTopics({ topics: [topic], timeout: 10_000 }).catch(() => {});
    raw.times.end = Date.now();
    if (raw.times.measureFrom !== undefined && raw.times.measureTo === undefined) raw.times.measureTo = raw.times.end;
  }

  const accepted = loadResult?.accepted ?? [];
  if (loadResult) {
    const { accepted: _a, ...rest } = loadResult;
    raw.load = rest;
  }
  writeFileSync(path.join(dir, 'accepted.ndjson'), accepted.map((a) => JSON.stringify(a)).join('\n') + (accepted.length ? '\n' : ''));
  ctx.folder.writeRaw(raw);
  // An external system writes no journal: its figures come from the Kafka side alone.
  const journals = externalOf(cell) ? [] : raw.replicas.map((r) => readJournal(path.join(dir, r.journal), r.name));
  const result = analyzeCell(raw, journals, accepted);
  const kafkaSide = kafkaSideOf(result, dir, accepted);
  if (kafkaSide) result.kafkaSide = kafkaSide;
  ctx.folder.appendCell(result);
  if (kafkaSide) appendKafkaSide(ctx.folder.dir, result, kafkaSide);
  return result;
}

class Interrupted extends Error {
  constructor() {
    super('interrupted');
  }
}

async function waitUntilSettled(group: GroupReader, members: number, partitions: number, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  let last: GroupSample | undefined;
  while (Date.now() < deadline && !signal.aborted) {
    last = await group.read().catch(() => last);
    if (last && isSettled(last, members, partitions)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  if (signal.aborted) throw new Interrupted();
  const seen = last ? `${last.state} with ${last.members.length} member(s) owning [${last.members.flatMap((m) => m.partitions).join(', ')}]` : 'nothing';
  throw new Error(`the consumer group did not settle with ${members} member(s) owning ${partitions} partition(s) within ${SETTLE_TIMEOUT_MS / 1000} s (last seen: ${seen})`);
}

/** The lag probe keeps sampling through the drain; this only decides when the backlog is gone. */
async function drain(admin: Admin, topic: string, groupId: string, timeoutMs: number, signal: AbortSignal): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!signal.aborted) {
    const sample = await readLag(admin, topic, groupId).catch(() => undefined);
    if (sample && totalLag(sample) === 0) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}
