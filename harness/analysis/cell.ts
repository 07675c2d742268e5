import { createHistogram, decodeHistogram, recordMs, snapshot, type Histogram } from '../measure/histogram.ts';
import type { AcceptedOrder, HistogramSnapshot } from '../model/load.ts';
import type { TapRecord } from '../model/kafka-observation.ts';
import { lagSamples, type RawCell } from '../model/raw-cell.ts';
import type { LagSample } from '../model/samples.ts';
import { capabilitiesOf } from '../model/system.ts';
import { describeAction, specOf } from '../model/timeline/index.ts';
import { agreement, type Agreement } from './agreement.ts';
import { analyzeKafkaSide, type KafkaSideResult } from './from-kafka.ts';
import { account, firstDeliveries, type Accounting } from './accounting.ts';
import { jainIndex } from './fairness.ts';
import { type LostOrder, lostOrders } from './lost-orders.ts';
import { addedReplicas, type AddedReplica } from './added-replicas.ts';
import { keyOrder, type KeyOrder } from './key-order.ts';
import { redelivery, type Redelivery } from './redelivery.ts';
import { deploysFromKafka, deploysOf, triggersOf, type DeployResult } from './deploys.ts';
import { faultEffects, type FaultEffect } from './faults.ts';
import { mergeJournals, type Journal } from './journal.ts';
import { phasesOf, replicaPhases, type Phase, type ReplicaPhase } from './phases.ts';
import { findRebalances, type Rebalance } from './rebalances.ts';
import { memberNamer } from './member-name.ts';
import { stepDrains, type StepDrain } from './step-drain.ts';
import { takeovers, type Takeover } from './takeovers.ts';
import { timeseries, type SeriesPoint } from './timeseries.ts';

/** Everything the CSV files and the printed table say about one run of one cell. */
export interface CellResult {
  raw: RawCell;
  accounting: Accounting;
  /** The first lost orders (up to 20) and where the tap found each in the topic. */
  lostOrders: LostOrder[];
  poisonSkipped: number;
  e2e: Histogram;
  http: Histogram;
  e2eSummary: HistogramSnapshot;
  httpSummary: HistogramSnapshot;
  lagMax: number;
  lagMaxSeconds: number;
  phases: Phase[];
  consumers: ReplicaPhase[];
  rebalances: Rebalance[];
  rebalancePauseMaxMs: number | null;
  /** Replicas that were alive through a phase and owned no partition in it, most in any phase. */
  idleReplicas: number;
  /** Jain's index over the alive replicas' processed orders, in the first and the last phase. */
  fairnessFirstPhase: number;
  fairness: number;
  partitionsFinal: number;
  replicasFinal: number;
  series: SeriesPoint[];
  /** One per fault action (broker and replica faults), in timeline order. */
  faults: FaultEffect[];
  /** Each kill (or pause past the session timeout) the run waited on, and whether another member took its partitions over. */
  takeovers: Takeover[];
  /** What the cell's restarts (restartReplica, rollingRestart) cost; absent without one. */
  deploys?: DeployResult;
  /** Each setRate or rampRate that raised the offered rate, and how long the lag took to come back to its level at the step. */
  stepDrains: StepDrain[];
  /** Orders of one key processed out of their produce order; null without a per-key order (no productId key). */
  keyOrder: KeyOrder | null;
  /** Records a share group delivered again (null for a consumer group: its members write no delivery count). */
  redelivery: Redelivery | null;
  /** Each addReplica, and how soon the new replica processed its first order. */
  added: AddedReplica[];
  /** The group as Kafka alone saw it, and for the project's replicas how that agrees with the journals. */
  kafkaSide?: { kafka: KafkaSideResult; agreement?: Agreement };
}

/** What one cell's analysis reads: its raw record and what sits beside it in its raw folder. */
export interface CellInputs {
  raw: RawCell;
  /** The replicas' journals; none for a system whose replicas write none. */
  journals: Journal[];
  accepted: readonly AcceptedOrder[];
  /** The tap's records (kafka-tap.ndjson), for the figures from Kafka alone. */
  tap: readonly TapRecord[];
}

/** What the group had not consumed when the cell ended: the last lag sample taken. */
function totalLagAtEnd(raw: RawCell): number {
  const last = lagSamples(raw).reduce<LagSample | undefined>((a, s) => (a === undefined || s.at >= a.at ? s : a), undefined);
  return last ? last.partitions.reduce((sum, p) => sum + p.lag, 0) : 0;
}

/** The journal figures and, where the Kafka observer ran, the figures from Kafka alone, in one result. */
export function analyzeCell({ raw, journals, accepted, tap }: CellInputs): CellResult {
  const journal = mergeJournals(journals);
  // A killed replica writes nothing more: from its end it owns nothing, whatever it last logged.
  for (const r of raw.replicas) {
    if ((r.endedBy === 'killReplica' || r.endedBy === 'crashed') && r.endedAt !== undefined) {
      journal.events.push({ type: 'crash', at: r.endedAt, replica: r.name, memberId: '', generationId: null, partitions: [], owned: [], durationMs: null });
    }
  }
  journal.events.sort((a, b) => a.at - b.at);
  const deliveries = journal.orders;
  const first = firstDeliveries(deliveries);
  const measureFrom = raw.times.measureFrom ?? raw.times.end;
  const measureTo = raw.times.measureTo ?? raw.times.end;

  const e2e = createHistogram();
  const acceptedIds = new Set(accepted.map((a) => a.orderId));
  for (const d of first) {
    if (acceptedIds.has(d.orderId) && d.createdAt >= measureFrom && d.createdAt < measureTo) recordMs(e2e, d.processedAt - d.createdAt);
  }
  const http = raw.load ? decodeHistogram(raw.load.latency.encoded) : createHistogram();

  const phases = phasesOf(measureFrom, measureTo, raw.timeline);
  const consumers = replicaPhases(phases, raw.replicas, journal.events, deliveries, raw.timeline);
  // A restart's steps are each the trigger of their own rebalances.
  const rebalances = findRebalances(journal.events, triggersOf(raw.timeline), deliveries, raw.times.loadStart ?? measureFrom, raw.times.drainEnd ?? measureTo);
  const pauses = rebalances.flatMap((r) => r.partitions.map((p) => p.pauseMs)).filter((p): p is number => p !== null);

  const series = timeseries(raw, deliveries, first);
  // The same figures as timeseries.csv's lag_seconds from the measurement's start on, so the
  // summary's maximum is one of the series' values.
  const lagMaxSeconds = Math.max(0, ...series.filter((p) => p.metric === 'lag_seconds' && p.second >= 0).map((p) => p.value));

  const lagWindow = lagSamples(raw).filter((s) => s.at >= measureFrom && s.at <= (raw.times.drainEnd ?? measureTo));
  const lagMax = Math.max(0, ...lagWindow.map((s) => s.partitions.reduce((sum, p) => sum + p.lag, 0)));

  const phaseFairness = (phase: number | undefined) => {
    const alive = consumers.filter((c) => c.phase === phase && c.alive);
    return jainIndex(alive.map((c) => c.processed));
  };
  const idleByPhase = phases.map((p) => consumers.filter((c) => c.phase === p.index && c.alive && c.partitions.length === 0).length);
  const lastPhase = phases.at(-1)?.index;
  const alterations = raw.timeline.filter((a) => a.event.action === 'alterPartitions' && a.executedAt !== undefined && !a.error);
  const lastAlter = alterations.at(-1)?.event;

  const accounting = account(accepted, deliveries, raw.drained ? 0 : totalLagAtEnd(raw));
  const result: CellResult = {
    raw,
    accounting,
    lostOrders: lostOrders(accounting.lost > 0 ? accounting.lostOrderIds : [], accepted, tap, measureFrom),
    poisonSkipped: journal.poison,
    e2e,
    http,
    e2eSummary: snapshot(e2e),
    httpSummary: snapshot(http),
    lagMax,
    lagMaxSeconds,
    phases,
    consumers,
    rebalances,
    rebalancePauseMaxMs: pauses.length > 0 ? Math.max(...pauses) : null,
    idleReplicas: Math.max(0, ...idleByPhase),
    fairnessFirstPhase: phaseFairness(phases[0]?.index),
    fairness: phaseFairness(lastPhase),
    partitionsFinal: lastAlter && lastAlter.action === 'alterPartitions' ? lastAlter.partitions : raw.cell.topology.partitions,
    replicasFinal: raw.replicas.filter((r) => r.endedBy === 'cell-end').length,
    series,
    faults: faultEffects(raw, accepted, deliveries, rebalances, capabilitiesOf(raw.cell.system).writesJournal),
    takeovers: takeovers(
      raw.takeovers ?? [],
      raw.timeline,
      raw.kafka?.group ?? raw.group ?? [],
      memberNamer(raw.kafka?.members ?? {}, capabilitiesOf(raw.cell.system).membersNameThemselves),
    ),
    stepDrains: stepDrains(raw.timeline, raw.cell.load.rate, lagSamples(raw)),
    keyOrder: journals.length > 0 ? keyOrder(first, raw.cell.topology.key) : null,
    redelivery: redelivery(deliveries),
    added: addedReplicas(raw.timeline, deliveries),
  };
  const deploys = deploysOf({ raw, rebalances, events: journal.events, deliveries, first, accepted, series });
  if (deploys) result.deploys = deploys;
  const kafkaSide = kafkaSideOf(result, accepted, tap);
  if (kafkaSide) result.kafkaSide = kafkaSide;
  // Without journals the rebalances above are none found, not none: a deploy's are Kafka's.
  if (result.deploys && kafkaSide && !capabilitiesOf(raw.cell.system).writesJournal)
    result.deploys = deploysFromKafka(result.deploys, kafkaSide.kafka, raw.times.measureFrom ?? raw.times.end);
  return result;
}

/** The Kafka-side figures of one cell, and, for a system that writes journals, how they agree with them. */
function kafkaSideOf(result: CellResult, accepted: readonly AcceptedOrder[], tap: readonly TapRecord[]): CellResult['kafkaSide'] {
  const { raw } = result;
  if (!raw.kafka) return undefined;
  const obs = raw.kafka;
  const measureFrom = raw.times.measureFrom ?? raw.times.end;
  const measureTo = raw.times.measureTo ?? raw.times.end;
  const system = capabilitiesOf(raw.cell.system);
  // The project's replicas name themselves as client id; another member is known by the replica that brought it.
  const nameOf = memberNamer(obs.members, system.membersNameThemselves);
  const kafka = analyzeKafkaSide({
    observation: obs,
    tap,
    accepted: accepted.length > 0 || raw.load ? accepted : null,
    phases: result.phases,
    window: { measureFrom, measureTo, end: raw.times.drainEnd ?? measureTo },
    // The causes a rebalance may have: a change of the offered rate is none.
    actionTimes: raw.timeline.flatMap((a) => (a.executedAt === undefined || specOf(a.event).changesLoad ? [] : [a.executedAt])),
    alterations: raw.timeline.flatMap((a) =>
      a.event.action === 'alterPartitions' && a.executedAt !== undefined && !a.error
        ? [{ action: describeAction(a), at: a.executedAt, partitions: a.event.partitions }]
        : [],
    ),
    nameOf,
    qty: raw.cell.load.payload.qty,
  });
  return system.writesJournal ? { kafka, agreement: agreement(result, kafka, obs.groupType === 'share') } : { kafka };
}
