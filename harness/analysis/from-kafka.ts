/**
 * The consumer group's figures from Kafka alone (pure): committed offsets sampled several times a
 * second, the coordinator's assignments and the tap's offset -> timestamp/order id. Every figure
 * carries its resolution: a commit is seen at most one sampling interval after it happens, and a
 * consumer commits what it processed up to one commit interval later, so a time read from
 * committed progress is late by up to (sampling interval + commit interval).
 */
import { snapshot, type Histogram } from '../measure/histogram.ts';
import type { KafkaObservation, TapRecord } from '../model/kafka-observation.ts';
import type { AcceptedOrder, HistogramSnapshot } from '../model/load.ts';
import { kafkaAccounting, type KafkaAccounting } from './from-kafka/accounting.ts';
import { addedPartitions, type AddedPartition, type Alteration } from './from-kafka/added-partitions.ts';
import { e2eUpperBound } from './from-kafka/e2e-bound.ts';
import { kafkaLag } from './from-kafka/lag.ts';
import { creditCommits, membersByPhase, type MemberPhase } from './from-kafka/members.ts';
import { partitionPauses, type KafkaPartitionPause } from './from-kafka/partition-pauses.ts';
import { committedProgress, median } from './from-kafka/progress.ts';
import { timeSeries, type SeriesPoint } from './from-kafka/series.ts';
import { indexTap } from './from-kafka/tap.ts';
import type { Phase } from './phases.ts';

export type { AddedPartition, Alteration, KafkaAccounting, KafkaPartitionPause, MemberPhase, SeriesPoint };

/** Everything the figures are computed from: what the probes recorded of the cell, and its schedule. */
export interface KafkaSideInput {
  observation: KafkaObservation;
  tap: readonly TapRecord[];
  /** The orders the load had accepted; null where the cell had no load to account for. */
  accepted: readonly AcceptedOrder[] | null;
  phases: readonly Phase[];
  window: { measureFrom: number; measureTo: number; end: number };
  /** When each timeline action ran: a change of assignment belongs to the last action before it. */
  actionTimes: readonly number[];
  /** The alterPartitions actions that ran; left out: none. */
  alterations?: readonly Alteration[];
  nameOf: (memberId: string, clientId: string) => string;
  /** The quantity every order carries (load.payload.qty): stock decrements in orders. */
  qty: number;
}

export interface KafkaSideResult {
  /** Median interval between offset samples reached, and between a partition's commits. */
  offsetsIntervalMs: number | null;
  commitIntervalMs: number | null;
  /** How late a time read from committed progress can be: sampling + commit interval. */
  resolutionMs: number | null;
  /** Median interval between group samples reached: how late a rebalance's end is seen. */
  groupIntervalMs: number | null;
  members: MemberPhase[];
  idleMembers: number;
  membersMax: number;
  pauses: KafkaPartitionPause[];
  rebalances: number;
  pauseMaxMs: number | null;
  lagMax: number | null;
  lagMaxSeconds: number | null;
  /** Commit time minus record timestamp: an upper bound of end-to-end latency. */
  e2eUpper: Histogram;
  e2eUpperSummary: HistogramSnapshot;
  /** Records of the measured window never seen committed, so not in the bound; null without a tap. */
  e2eUpperUncommitted: number | null;
  /** Offsets committed in the measured window, every partition. */
  committedInWindow: number;
  accounting: KafkaAccounting | null;
  /** Each partition an alter added, from its creation to its first record appended and committed. */
  addedPartitions: AddedPartition[];
  failures: KafkaObservation['failures'];
  /**
   * Per second from the measurement's start (warm-up negative): `throughput` per member (offsets
   * its partitions' committed position advanced by) and `lag_seconds` per partition (the age of
   * the oldest uncommitted record, highest in the second). For an external system these are
   * timeseries.csv's throughput and lag_seconds.
   */
  series: SeriesPoint[];
}

export function analyzeKafkaSide(input: KafkaSideInput): KafkaSideResult {
  const { observation, window } = input;
  const tap = indexTap(input.tap);
  const offsets = [...observation.offsets].sort((a, b) => a.at - b.at);
  const group = [...observation.group].sort((a, b) => a.at - b.at);
  const clientOf = new Map(group.flatMap((s) => s.members.map((m) => [m.memberId, m.clientId] as const)));
  const name = (memberId: string) => input.nameOf(memberId, clientOf.get(memberId) ?? '');

  const progress = committedProgress(offsets);
  const credit = creditCommits(progress, group, input.phases, window.measureFrom);
  const { members, idleMembers, membersMax } = membersByPhase(group, input.phases, credit, name);
  const { rebalances, pauses } = partitionPauses(group, progress, window, input.actionTimes, name);
  const pauseValues = pauses.map((p) => p.pauseMs).filter((x): x is number => x !== null);
  const lag = kafkaLag(offsets, tap, window);
  const e2eUpper = e2eUpperBound(progress, tap, window);
  const hasTap = tap.records.length > 0;

  return {
    offsetsIntervalMs: progress.offsetsIntervalMs,
    commitIntervalMs: progress.commitIntervalMs,
    resolutionMs: progress.resolutionMs,
    groupIntervalMs: median(group.slice(1).map((s, i) => s.at - group[i]!.at)),
    members,
    idleMembers,
    membersMax,
    pauses,
    rebalances,
    pauseMaxMs: pauseValues.length > 0 ? Math.max(...pauseValues) : null,
    lagMax: lag.lagMax,
    lagMaxSeconds: lag.lagMaxSeconds,
    e2eUpper: e2eUpper.histogram,
    e2eUpperSummary: snapshot(e2eUpper.histogram),
    e2eUpperUncommitted: hasTap ? e2eUpper.uncommitted : null,
    committedInWindow: Math.round(credit.inPhases),
    accounting: kafkaAccounting(input.accepted, tap, offsets, observation.stock, input.qty),
    addedPartitions: addedPartitions(input.alterations ?? [], offsets, tap, progress, window.end),
    failures: observation.failures,
    series: timeSeries(offsets, group, progress.partitions, credit.bySecond, hasTap ? lag.lagSecondsBySecond : null, window.measureFrom, name),
  };
}
