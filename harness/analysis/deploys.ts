/**
 * What a deploy cost (pure): per restart step and per cell, from the steps the run recorded, the
 * rebalances found in the journals, the coordinator's group samples, the lag samples and the
 * orders. A step's window runs from its first SIGTERM (or surge start) to the next step's start,
 * the last one to DEPLOY_TAIL_MS after it was ready: the backlog a step leaves is worked off just
 * after its members are back, and that is part of its cost.
 */
import { createHistogram, recordMs, snapshot } from '../measure/histogram.ts';
import type { AcceptedOrder } from '../model/load.ts';
import { lagSamples, type ExecutedAction, type RawCell } from '../model/raw-cell.ts';
import type { GroupSample } from '../model/samples.ts';
import { describeAction } from '../model/timeline/index.ts';
import type { RestartStep } from '../model/timeline/spec.ts';
import type { GroupEvent, ProcessedOrder } from './journal.ts';
import { groupByPartition, longestGapAcross, type Rebalance } from './rebalances.ts';
import type { KafkaPartitionPause } from './from-kafka/partition-pauses.ts';
import type { SeriesPoint } from './timeseries.ts';

export const DEPLOY_TAIL_MS = 5_000;

export interface DeployStepResult {
  /** `rollingRestart(inventory-0+inventory-1+inventory-2)` */
  action: string;
  /** 1.. within its action. */
  step: number;
  step_: RestartStep;
  windowEnd: number;
  /** Scaling events whose trigger is this step (the rounds a leave and a rejoin set off are one). */
  rebalances: number;
  /** Generations (classic) or member epochs (KIP-848) the journals' assignments went through in the window, e.g. `7>8>9`; one value: none new. */
  generations: string;
  /** The group's states as the coordinator reported them in the window, repeats folded: `Stable`, or `Stable>PreparingRebalance>CompletingRebalance>Stable`. */
  groupStates: string;
  partitionsMoved: number;
  /** The longest gap in one partition's processing across the step (its rebalances' pauses, or, with none, the restart itself). */
  pauseMaxMs: number | null;
  lagMax: number | null;
  lagMaxSeconds: number | null;
  /** Orders processed again in the window (a second or later processing); null where no journal says (a system that writes none). */
  duplicates: number | null;
}

export interface DeployResult {
  steps: DeployStepResult[];
  /** Replicas restarted (or, with maxSurge, replaced), over every step. */
  restarts: number;
  rebalances: number;
  partitionsMoved: number;
  pauseMaxMs: number | null;
  lagMax: number | null;
  lagMaxSeconds: number | null;
  /** e2e p99 of orders created inside a deploy window, and of those created in the measurement outside every one. */
  e2eP99InsideMs: number | null;
  e2eP99OutsideMs: number | null;
  duplicates: number | null;
  /** From the first step's start to the last step's ready (null where a step never was). */
  durationMs: number | null;
}

/** Each step of a restart as a trigger of its own, so rebalances are told apart per step; other actions as they are. */
export function triggersOf(timeline: readonly ExecutedAction[]): ExecutedAction[] {
  return timeline.flatMap((a) =>
    a.steps && a.steps.length > 0
      ? a.steps.map(({ at, replicas, started }) => {
          const { steps: _steps, ...rest } = a;
          return { ...rest, executedAt: at, replica: [...replicas, ...(started ?? [])].join('+') };
        })
      : [a],
  );
}

export function deploysOf(input: {
  raw: RawCell;
  rebalances: readonly Rebalance[];
  events: readonly GroupEvent[];
  deliveries: readonly ProcessedOrder[];
  first: readonly ProcessedOrder[];
  accepted: readonly AcceptedOrder[];
  series: readonly SeriesPoint[];
}): DeployResult | undefined {
  const { raw } = input;
  const restarts = raw.timeline.filter((a) => a.steps && a.steps.length > 0);
  if (restarts.length === 0) return undefined;
  const measureFrom = raw.times.measureFrom ?? raw.times.end;
  const measureTo = raw.times.measureTo ?? raw.times.end;
  const lag = lagSamples(raw);
  const group = [...(raw.kafka?.group ?? raw.group ?? [])].sort((a, b) => a.at - b.at);
  const lagSeconds = input.series.filter((p) => p.metric === 'lag_seconds');
  const repeats = repeatedProcessings(input.deliveries);
  const byPartition = groupByPartition(input.deliveries);

  const steps: DeployStepResult[] = [];
  for (const a of restarts) {
    const own = a.steps!;
    own.forEach((step, i) => {
      const next = own[i + 1]?.at;
      const windowEnd = next ?? (step.readyAt ?? step.startedAt ?? step.at) + DEPLOY_TAIL_MS;
      const inWindow = (t: number) => t >= step.at && t <= windowEnd;
      const mine = input.rebalances.filter((r) => r.triggerAt === step.at);
      // A static member's partitions pause without any rebalance: its restart is the gap.
      const gaps = [...byPartition.values()].map((times) => longestGapAcross(times, step.at, step.readyAt ?? windowEnd));
      const pauses = [...mine.flatMap((r) => r.partitions.map((p) => p.pauseMs)), ...gaps].filter((p): p is number => p !== null);
      const lags = lag.filter((s) => inWindow(s.at)).map((s) => s.partitions.reduce((n, p) => n + p.lag, 0));
      const seconds = lagSeconds.filter((p) => inWindow(measureFrom + p.second * 1000)).map((p) => p.value);
      steps.push({
        action: describeAction(a),
        step: i + 1,
        step_: step,
        windowEnd,
        rebalances: mine.length,
        generations: generationsIn(input.events, step.at, windowEnd),
        groupStates: statesIn(group, step.at, windowEnd),
        partitionsMoved: mine.reduce((n, r) => n + r.partitions.filter((p) => p.moved && p.ownerBefore !== '').length, 0),
        pauseMaxMs: pauses.length > 0 ? Math.max(...pauses) : null,
        lagMax: lags.length > 0 ? Math.max(...lags) : null,
        lagMaxSeconds: seconds.length > 0 ? Math.max(...seconds) : null,
        duplicates: repeats.filter(inWindow).length,
      });
    });
  }

  const windows = steps.map((s) => [s.step_.at, s.windowEnd] as const);
  const inside = (t: number) => windows.some(([from, to]) => t >= from && t <= to);
  const acceptedIds = new Set(input.accepted.map((o) => o.orderId));
  const e2eIn = createHistogram();
  const e2eOut = createHistogram();
  for (const d of input.first) {
    if (!acceptedIds.has(d.orderId) || d.createdAt < measureFrom || d.createdAt >= measureTo) continue;
    recordMs(inside(d.createdAt) ? e2eIn : e2eOut, d.processedAt - d.createdAt);
  }
  const p99 = (h: ReturnType<typeof createHistogram>) => {
    const s = snapshot(h);
    return s.count > 0 ? s.p99Ms : null;
  };
  const maxOf = (values: (number | null)[]) => {
    const known = values.filter((v): v is number => v !== null);
    return known.length > 0 ? Math.max(...known) : null;
  };
  const readies = steps.map((s) => s.step_.readyAt);
  return {
    steps,
    restarts: steps.reduce((n, s) => n + s.step_.replicas.length, 0),
    rebalances: steps.reduce((n, s) => n + s.rebalances, 0),
    partitionsMoved: steps.reduce((n, s) => n + s.partitionsMoved, 0),
    pauseMaxMs: maxOf(steps.map((s) => s.pauseMaxMs)),
    lagMax: maxOf(steps.map((s) => s.lagMax)),
    lagMaxSeconds: maxOf(steps.map((s) => s.lagMaxSeconds)),
    e2eP99InsideMs: p99(e2eIn),
    e2eP99OutsideMs: p99(e2eOut),
    duplicates: steps.reduce((n, s) => n + (s.duplicates ?? 0), 0),
    durationMs: readies.every((r) => r !== null) ? Math.max(...(readies as number[])) - Math.min(...steps.map((s) => s.step_.at)) : null,
  };
}

/**
 * A system that writes no journal (your consumer group): the steps as Kafka alone shows them. A
 * step's rebalances are the coordinator's that started in its window, its partitions moved and
 * longest pause those rebalances' (committed progress stalled, kafka-pauses.csv), its lag in
 * seconds the Kafka side's series; orders processed twice and the e2e split are not known. The
 * steps, their windows, the group's states and the lag in messages stay as the run recorded them.
 */
export function deploysFromKafka(
  d: DeployResult,
  kafka: { pauses: readonly KafkaPartitionPause[]; series: readonly { second: number; metric: string; value: number }[] },
  measureFrom: number,
): DeployResult {
  const lagSeconds = kafka.series.filter((p) => p.metric === 'lag_seconds');
  const steps = d.steps.map((s) => {
    const inWindow = (t: number) => t >= s.step_.at && t <= s.windowEnd;
    const mine = kafka.pauses.filter((p) => inWindow(p.startAt));
    const pauses = mine.map((p) => p.pauseMs).filter((p): p is number => p !== null);
    const seconds = lagSeconds.filter((p) => inWindow(measureFrom + p.second * 1000)).map((p) => p.value);
    return {
      ...s,
      rebalances: new Set(mine.map((p) => p.rebalance)).size,
      partitionsMoved: mine.filter((p) => p.ownerBefore !== '' && p.ownerAfter !== '' && p.ownerBefore !== p.ownerAfter).length,
      pauseMaxMs: pauses.length > 0 ? Math.max(...pauses) : null,
      lagMaxSeconds: seconds.length > 0 ? Math.max(...seconds) : null,
      duplicates: null,
    };
  });
  const known = (values: (number | null)[]) => values.filter((v): v is number => v !== null);
  const max = (values: (number | null)[]) => (known(values).length > 0 ? Math.max(...known(values)) : null);
  return {
    ...d,
    steps,
    rebalances: steps.reduce((n, s) => n + s.rebalances, 0),
    partitionsMoved: steps.reduce((n, s) => n + s.partitionsMoved, 0),
    pauseMaxMs: max(steps.map((s) => s.pauseMaxMs)),
    lagMaxSeconds: max(steps.map((s) => s.lagMaxSeconds)),
    e2eP99InsideMs: null,
    e2eP99OutsideMs: null,
    duplicates: null,
  };
}

/** When each processing after an order's first happened. */
function repeatedProcessings(deliveries: readonly ProcessedOrder[]): number[] {
  const seen = new Set<string>();
  const times: number[] = [];
  for (const d of [...deliveries].sort((a, b) => a.processedAt - b.processedAt)) {
    if (seen.has(d.orderId)) times.push(d.processedAt);
    seen.add(d.orderId);
  }
  return times;
}

/** The generation in force at `from` (the latest assignment before it), then every new one up to `to`. */
function generationsIn(events: readonly GroupEvent[], from: number, to: number): string {
  const assigned = events.filter((e) => e.type === 'assigned' && e.generationId !== null);
  const before = assigned.filter((e) => e.at < from).at(-1)?.generationId;
  const during = assigned.filter((e) => e.at >= from && e.at <= to).map((e) => e.generationId!);
  return fold([...(before !== undefined && before !== null ? [before] : []), ...[...new Set(during)].sort((a, b) => a - b)].map(String));
}

function statesIn(group: readonly GroupSample[], from: number, to: number): string {
  const before = group.filter((s) => s.at < from).at(-1);
  return fold([...(before ? [before] : []), ...group.filter((s) => s.at >= from && s.at <= to)].map((s) => s.state));
}

/** Consecutive repeats folded: `Stable>Stable>Rebalancing>Stable` is `Stable>Rebalancing>Stable`. */
const fold = (values: readonly string[]): string => values.filter((v, i) => i === 0 || v !== values[i - 1]).join('>');
