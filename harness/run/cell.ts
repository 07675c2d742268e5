import type { Admin } from 'kafkajs';
import { analyzeCell, type CellResult } from '../analysis/cell.ts';
import type { ClusterNodes } from '../broker/cluster.ts';
import { watchGroup, type WatchedGroup } from '../groups/open.ts';
import { describeSample, waitUntilSettled } from '../groups/settle.ts';
import { cellLoadPlan } from '../load/cell-plan.ts';
import { startLoad, type LoadRun } from '../load/generator.ts';
import { isHarnessError } from '../model/errors.ts';
import type { LoadResult, PeriodStats } from '../model/load.ts';
import type { ExecutedAction, RawCell, TakeoverWatch } from '../model/raw-cell.ts';
import type { GroupSample, LagSample } from '../model/samples.ts';
import { describeAction } from '../model/timeline/index.ts';
import { takeoverWaitMs } from '../model/timeline/takeover.ts';
import { memberNamer } from '../analysis/member-name.ts';
import { needsTakeover, takeoverOf } from '../analysis/takeovers.ts';
import type { Cell } from '../model/scenario.ts';
import { startObserver, type KafkaObserver } from '../probes/observer.ts';
import { JournalFollower } from '../journal/follow.ts';
import { readCellInputs } from '../results/cell-inputs.ts';
import type { ResultsFolder } from '../results/folder.ts';
import { systemOf } from '../sut/kinds.ts';
import type { CellNames, SystemUnderTest } from '../sut/types.ts';
import { prepareTopic, releaseTopic } from './cell-topic.ts';
import { runTimeline, type TimelineRun } from './timeline.ts';

export interface CellContext {
  brokers: string;
  /**
   * What the cluster runs: the release of an embedded broker (4.4.0), or for an external one the
   * `metadata.version` it reports (`metadata.version 4.1-IV1`); undefined when it did not say.
   */
  kafkaVersion?: string;
  /** The release the Java replica's kafka-clients follows: the embedded broker's, else the default. */
  clientsVersion?: string;
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
  /** Something the run decided that a person watching should know (a drain held past its timeout). */
  note?(text: string): void;
}

const SETTLE_TIMEOUT_MS = 90_000;
/** After Kafka reports no lag: how often the journals are read again, and how long they get at least. */
const JOURNAL_POLL_MS = 250;
const JOURNAL_WAIT_MIN_MS = 5_000;

/** Enough for one offsets read sent after the drain's last wait began. */
const OFFSETS_READ_MS = 2_000;
const LOAD_START_DELAY_MS = 1_500;

class Interrupted extends Error {
  constructor() {
    super('interrupted');
  }
}

/**
 * One run of one cell, in OpenMessaging Benchmark's fixed phases: a fresh topic and group, the
 * system, wait until the group holds every partition, warm up, measure while the timeline runs,
 * drain, stop everything. Whatever happens, the session's teardown stops what it started, the raw
 * record is written first, and the analysis reads it back from the results folder.
 */
export async function runCell(cell: Cell, repeat: number, ctx: CellContext): Promise<CellResult> {
  const session = new CellSession(cell, repeat, ctx);
  const onAbort = () => session.cancel();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    await session.setup();
    await session.measure();
    await session.drain();
  } catch (err) {
    session.fail(err);
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    await session.teardown();
  }
  return session.record();
}

/** What one cell run owns, from its topic to its observer, and the one teardown that releases it all. */
class CellSession {
  private readonly names: CellNames;
  private readonly dir: string;
  private readonly raw: RawCell;
  private partitions: number;
  private group: WatchedGroup | undefined;
  private system: SystemUnderTest | undefined;
  private observer: KafkaObserver | undefined;
  private load: LoadRun | undefined;
  private loadResult: LoadResult | undefined;
  private timeline: TimelineRun | undefined;

  constructor(
    private readonly cell: Cell,
    private readonly repeat: number,
    private readonly ctx: CellContext,
  ) {
    this.names = systemOf(cell).kind.names(cell, systemOf(cell).spec, ctx.runId, repeat);
    this.dir = ctx.folder.rawDir(cell.name, repeat);
    this.partitions = cell.topology.partitions;
    this.raw = {
      cell,
      repeat,
      topic: this.names.topic,
      groupId: this.names.groupId,
      status: 'ok',
      times: { setupStart: Date.now(), end: 0 },
      timeline: [],
      replicas: [],
      drained: false,
      ...(ctx.kafkaVersion ? { kafkaVersion: ctx.kafkaVersion } : {}),
    };
    ctx.folder.writeRaw(this.raw);
  }

  private get aborted(): boolean {
    return this.ctx.signal.aborted;
  }

  private get brokers(): string[] {
    return this.ctx.brokers.split(',');
  }

  /** The topic, the group's configs, the system, and a group that holds every partition. */
  async setup(): Promise<void> {
    const { cell, ctx, names } = this;
    const { spec, kind } = systemOf(cell);
    ctx.events?.phase?.('setup', Date.now());
    this.group = await watchGroup(kind.groupType(cell, spec), { admin: ctx.admin, brokers: this.brokers, groupId: names.groupId, topic: names.topic });
    this.partitions = await prepareTopic(ctx.admin, cell, names, ctx.replicationFactor);
    await this.group.configure(cell.topology.consumer);
    this.system = await kind.start(cell, spec, {
      brokers: ctx.brokers,
      ...(ctx.clientsVersion ? { clientsVersion: ctx.clientsVersion } : {}),
      topic: names.topic,
      groupId: names.groupId,
      dir: this.dir,
      group: this.group,
      signal: ctx.signal,
    });
    this.raw.replicas = this.system.replicas.map((r) => r.record);
    const { settled, last } = await waitUntilSettled(this.group, cell.topology.replicas, this.partitions, { timeoutMs: SETTLE_TIMEOUT_MS, signal: ctx.signal });
    if (this.aborted) throw new Interrupted();
    if (!settled) {
      throw new Error(
        `the consumer group did not settle with ${cell.topology.replicas} member(s) owning ${this.partitions} partition(s) within ${SETTLE_TIMEOUT_MS / 1000} s (last seen: ${describeSample(last)}; ${this.group.describe(last)})`,
      );
    }
    this.raw.times.ready = Date.now();
  }

  /** The observer, then the load (warm-up and measured stretch) with the timeline running against the system. */
  async measure(): Promise<void> {
    const { cell, ctx, names, raw } = this;
    const system = this.system!;
    this.observer = await startObserver({
      admin: ctx.admin,
      brokers: this.brokers,
      topic: names.topic,
      groupId: names.groupId,
      group: this.group!,
      dir: this.dir,
      tapGroupId: `ksb-tap-${ctx.runId}-${cell.name}-${this.repeat}`,
      onLag: (s) => ctx.events?.lag?.(s),
    });
    const { spec, kind } = systemOf(cell);
    const cpuBefore = process.cpuUsage();
    const cpuFrom = Date.now();
    const plan = cellLoadPlan(cell, {
      target: kind.loadTarget(cell, spec, system, this.brokers, names.topic),
      startAt: Date.now() + LOAD_START_DELAY_MS,
      repeat: this.repeat,
    });
    const measureFrom = plan.measureFrom!;
    raw.times.loadStart = plan.startAt;
    raw.times.measureFrom = measureFrom;
    this.load = startLoad(plan, (p) => ctx.events?.period?.(p));
    ctx.events?.phase?.(cell.load.warmupS > 0 ? 'warmup' : 'measure', plan.startAt!);
    const measureTimer = setTimeout(() => ctx.events?.phase?.('measure', measureFrom), Math.max(0, measureFrom - Date.now()));
    this.timeline = runTimeline(
      cell.timeline,
      measureFrom,
      {
        admin: ctx.admin,
        topic: names.topic,
        groupId: names.groupId,
        system,
        cluster: ctx.cluster,
        group: this.group!,
        staticMembership: cell.topology.consumer.staticMembership === true,
        sessionTimeout: () => this.group!.sessionTimeout(kind.clientSessionTimeout(cell, spec)),
        note: (text) => ctx.events?.note?.(text),
      },
      (a) => {
        raw.replicas = system.replicas.map((r) => r.record);
        ctx.events?.action?.(a);
      },
    );
    raw.timeline = this.timeline.actions;
    if (this.aborted) this.cancel();
    try {
      this.loadResult = await this.load.done;
    } finally {
      clearTimeout(measureTimer);
    }
    raw.times.measureTo = Math.min(Date.now(), measureFrom + cell.load.durationS * 1000);
    const cpu = process.cpuUsage(cpuBefore);
    raw.harnessCpuPercent = ((cpu.user + cpu.system) / 1000 / Math.max(1, Date.now() - cpuFrom)) * 100;
    await this.timeline.done;
    if (this.aborted) throw new Interrupted();
  }

  /**
   * Until the observer sees no lag, or the drain's timeout. A kill (or a pause past the session
   * timeout) whose partitions have no new owner yet is waited for first, past the drain's timeout
   * if need be, up to its session timeout and a margin: until then its partitions cannot drain,
   * and a run that ended sooner would report the backlog as its result. Once taken over, the
   * group gets the drain's timeout again to work the backlog off.
   */
  async drain(): Promise<void> {
    const { cell, ctx, raw } = this;
    const timeoutMs = cell.drain.timeoutS * 1000;
    const start = Date.now();
    const takeovers = await this.watchTakeovers();
    const until = Math.max(start + timeoutMs, ...takeovers.watches.map((w) => w.until));
    ctx.events?.phase?.('drain', start, until - start);
    if (until > start + timeoutMs) {
      ctx.events?.note?.(
        `drain: waiting up to ${Math.round((until - start) / 1000)} s, past drain.timeoutS (${cell.drain.timeoutS} s), for ${takeovers.describe()}`,
      );
    }
    const takenOver = await this.observer!.waitForGroup(takeovers.allSeen, until - Date.now(), ctx.signal);
    const lagUntil = takenOver && takeovers.watches.length > 0 ? Math.max(start + timeoutMs, Date.now() + timeoutMs) : start + timeoutMs;
    // At least one offsets read sent after this point decides, even when the time is up.
    raw.drained = await this.observer!.waitForNoLag(Math.max(OFFSETS_READ_MS, lagUntil - Date.now()), ctx.signal);
    if (raw.drained) await this.journalsCatchUp(lagUntil);
    raw.times.drainEnd = Date.now();
    if (this.aborted) throw new Interrupted();
  }

  /**
   * Kafka's word that nothing is left is checked against the replicas' journals, where they write
   * them: an accepted order that no journal has yet is still on its way (a share group's lag is the
   * coordinator's persisted view, which can run ahead of its members during a failover). Waits for
   * them up to the drain's deadline (at least JOURNAL_WAIT_MIN_MS); what it saw goes to
   * `raw.drainJournals`, and an order that never arrives stays a loss for the accounting.
   */
  private async journalsCatchUp(deadline: number): Promise<void> {
    const system = this.system!;
    const accepted = this.loadResult?.accepted ?? [];
    if (!system.capabilities.writesJournal || accepted.length === 0 || accepted.some((a) => a.orderId === '')) return;
    const follower = new JournalFollower(
      this.dir,
      accepted.map((a) => a.orderId),
    );
    const files = () => system.replicas.map((r) => r.record);
    const noLagAt = Date.now();
    const behind = follower.unjournaled(files());
    let left = behind;
    const until = Math.max(deadline, noLagAt + JOURNAL_WAIT_MIN_MS);
    while (left > 0 && Date.now() < until && !this.ctx.signal.aborted) {
      await new Promise((r) => setTimeout(r, JOURNAL_POLL_MS));
      left = follower.unjournaled(files());
    }
    if (behind > 0) this.raw.drainJournals = { noLagAt, behind, caughtUpAt: left === 0 ? Date.now() : null, left };
  }

  /** Which executed actions leave partitions for another member to take over, and how long each may take. */
  private async watchTakeovers(): Promise<{ watches: TakeoverWatch[]; allSeen: (group: readonly GroupSample[]) => boolean; describe: () => string }> {
    const { cell, raw } = this;
    const { spec, kind } = systemOf(cell);
    const system = this.system!;
    const staticMembers = cell.topology.consumer.staticMembership === true;
    // Most cells kill nothing: the group's config is read only when an action might need it (a session of 0 admits every pause).
    const session = raw.timeline.some((a) => needsTakeover(a, 0, staticMembers))
      ? await this.group!.sessionTimeout(kind.clientSessionTimeout(cell, spec))
      : { ms: 0, source: '' };
    const watches: TakeoverWatch[] = raw.timeline.flatMap((a, action) =>
      needsTakeover(a, session.ms, staticMembers)
        ? [{ action, sessionTimeoutMs: session.ms, sessionTimeoutSource: session.source, until: a.executedAt! + takeoverWaitMs(session.ms) }]
        : [],
    );
    raw.takeovers = watches;
    const name = memberNamer(Object.fromEntries(system.members ?? []), system.capabilities.membersNameThemselves);
    const seen = (group: readonly GroupSample[], w: TakeoverWatch) => {
      const t = takeoverOf(raw.timeline[w.action]!, group, name);
      return t.partitions.length === 0 || t.takenOverAt !== null;
    };
    return {
      watches,
      allSeen: (group) => watches.every((w) => seen(group, w)),
      describe: () =>
        watches
          .map(
            (w) =>
              `${describeAction(raw.timeline[w.action]!)}'s partitions to have a new owner (session timeout ${w.sessionTimeoutMs / 1000} s, ${w.sessionTimeoutSource})`,
          )
          .join('; '),
    };
  }

  /** Ctrl-C or a failed cell: the timeline stops and the load ends now. */
  cancel(): void {
    this.timeline?.cancel();
    void this.load?.stop();
  }

  fail(err: unknown): void {
    const { raw } = this;
    raw.status = err instanceof Interrupted || this.aborted ? 'interrupted' : 'failed';
    if (raw.status !== 'failed') return;
    raw.error = err instanceof Error ? err.message : String(err);
    if (isHarnessError(err)) raw.errorCode = err.code;
  }

  /** Releases everything the session started, in the reverse order, whatever phase it reached. */
  async teardown(): Promise<void> {
    const { raw } = this;
    this.ctx.events?.phase?.('teardown', Date.now());
    this.timeline?.cancel();
    // A cancelled pause resumes its process (SIGCONT) before anything is stopped.
    await this.timeline?.done.catch(() => {});
    if (this.load && !this.loadResult) this.loadResult = await this.load.stop().catch(() => undefined);
    const observed = await this.observer?.stop(this.system?.members).catch(() => undefined);
    if (observed) {
      raw.kafka = observed.kafka;
      raw.metadata = observed.metadata;
      raw.probeFailures = observed.failedAt;
    }
    await this.group?.close();
    if (this.system) {
      await this.system.stop().catch(() => {});
      raw.replicas = this.system.replicas.map((r) => r.record);
      if (raw.kafka && this.system.stock?.length) raw.kafka.stock = this.system.stock;
    }
    await releaseTopic(this.ctx.admin, this.names);
    raw.times.end = Date.now();
    if (raw.times.measureFrom !== undefined && raw.times.measureTo === undefined) raw.times.measureTo = raw.times.end;
  }

  /** The raw record and the accepted orders first, then the analysis of what was written, then the CSV rows. */
  record(): CellResult {
    const { ctx, raw } = this;
    const accepted = this.loadResult?.accepted ?? [];
    if (this.loadResult) {
      const { accepted: _accepted, ...rest } = this.loadResult;
      raw.load = rest;
    }
    ctx.folder.writeAccepted(this.cell.name, this.repeat, accepted);
    ctx.folder.writeRaw(raw);
    const result = analyzeCell(readCellInputs(this.dir, { raw, accepted }));
    ctx.folder.appendCell(result);
    return result;
  }
}
