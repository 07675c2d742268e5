import type { Agreement } from '../../analysis/agreement.ts';
import type { CellResult } from '../../analysis/cell.ts';
import type { KafkaSideResult } from '../../analysis/from-kafka.ts';
import { num, type CsvValue } from './format.ts';

/**
 * kafka-side.csv, kafka-members.csv, kafka-pauses.csv: the group as Kafka saw it, each figure
 * with its resolution. An empty field is "not measured", never 0.
 */
export const KAFKA_SIDE_COLUMNS = [
  'cell',
  'repeat',
  'system',
  'offsets_interval_ms',
  'commit_interval_ms',
  'resolution_ms',
  'committed_in_window',
  'lag_max',
  'lag_max_seconds',
  'lag_seconds_resolution_ms',
  'e2e_upper_p50_ms',
  'e2e_upper_p99_ms',
  'e2e_upper_max_ms',
  'e2e_upper_resolution_ms',
  'rebalances',
  'pause_max_ms',
  'pause_resolution_ms',
  'idle_members',
  'members_max',
  'orders_accepted',
  'orders_in_topic',
  'orders_in_topic_twice',
  'orders_missing_from_topic',
  'orders_committed',
  'orders_uncommitted',
  'stock_decrements',
  'duplicated_decrements',
  'probe_failures_offsets',
  'probe_failures_group',
  'probe_failures_tap',
  'probe_failures_lag',
  'probe_failures_journal_group',
  'journal_processed',
  'processed_diff_pct',
  'throughput_diff_max_pct',
  'journal_pause_max_ms',
  'pause_diff_ms',
  'disagreements',
  'e2e_upper_count',
  'e2e_upper_uncommitted',
] as const;

export const KAFKA_MEMBER_COLUMNS = [
  'cell',
  'repeat',
  'phase',
  'member_id',
  'replica',
  'partitions',
  'committed',
  'throughput_per_s',
  'resolution_ms',
  'client_id',
  'client_host',
] as const;
export const KAFKA_PAUSE_COLUMNS = [
  'cell',
  'repeat',
  'rebalance',
  'start_s',
  'end_s',
  'partition',
  'owner_before',
  'owner_after',
  'pause_ms',
  'pause_resolution_ms',
  'end_basis',
  'end_resolution_ms',
] as const;

export function kafkaSideRow(r: CellResult, k: KafkaSideResult, a: Agreement | undefined): CsvValue[] {
  const { raw } = r;
  const e2e = k.e2eUpperSummary.count > 0 ? k.e2eUpperSummary : undefined;
  const v: Record<(typeof KAFKA_SIDE_COLUMNS)[number], CsvValue> = {
    cell: raw.cell.name,
    repeat: raw.repeat,
    system: raw.cell.system?.kind ?? 'managed',
    offsets_interval_ms: num(k.offsetsIntervalMs),
    commit_interval_ms: num(k.commitIntervalMs),
    resolution_ms: num(k.resolutionMs),
    committed_in_window: k.committedInWindow,
    lag_max: num(k.lagMax),
    lag_max_seconds: num(k.lagMaxSeconds, 3),
    lag_seconds_resolution_ms: k.lagMaxSeconds === null ? '' : num(k.resolutionMs),
    e2e_upper_p50_ms: num(e2e?.p50Ms),
    e2e_upper_p99_ms: num(e2e?.p99Ms),
    e2e_upper_max_ms: num(e2e?.maxMs),
    e2e_upper_resolution_ms: e2e ? num(k.resolutionMs) : '',
    rebalances: k.rebalances,
    pause_max_ms: num(k.pauseMaxMs),
    pause_resolution_ms: k.pauseMaxMs === null ? '' : num(k.resolutionMs),
    idle_members: k.idleMembers,
    members_max: k.membersMax,
    orders_accepted: k.accounting?.accepted ?? '',
    orders_in_topic: k.accounting?.inTopic ?? '',
    orders_in_topic_twice: k.accounting?.inTopicTwice ?? '',
    orders_missing_from_topic: k.accounting?.missingFromTopic ?? '',
    orders_committed: k.accounting?.committed ?? '',
    orders_uncommitted: k.accounting?.uncommitted ?? '',
    stock_decrements: num(k.accounting?.stockDecrements),
    duplicated_decrements: num(k.accounting?.duplicatedDecrements),
    probe_failures_offsets: k.failures.offsets,
    probe_failures_group: k.failures.group,
    probe_failures_tap: k.failures.tap,
    probe_failures_lag: raw.probeFailures?.lag.length ?? '',
    probe_failures_journal_group: raw.probeFailures?.group.length ?? '',
    journal_processed: a?.journalProcessed ?? '',
    processed_diff_pct: num(a?.processedDiffPct, 2),
    throughput_diff_max_pct: num(a?.throughputDiffMaxPct, 2),
    journal_pause_max_ms: num(a?.journalPauseMaxMs),
    pause_diff_ms: num(a?.pauseDiffMs),
    disagreements: a?.disagreements.join('; ') ?? '',
    e2e_upper_count: k.e2eUpperUncommitted === null ? '' : k.e2eUpperSummary.count,
    e2e_upper_uncommitted: k.e2eUpperUncommitted ?? '',
  };
  return KAFKA_SIDE_COLUMNS.map((c) => v[c]);
}

export function kafkaMemberRows(r: CellResult, k: KafkaSideResult): CsvValue[][] {
  // What Kafka reported of each member: two replicas with one client id (a Spring Boot default) differ by member id, host and the replica that brought them.
  const reported = new Map((r.raw.kafka?.group ?? []).flatMap((s) => s.members.map((m) => [m.memberId, m] as const)));
  return k.members.map((m) => [
    r.raw.cell.name,
    r.raw.repeat,
    m.phase,
    m.memberId,
    m.replica,
    m.partitions.join(' '),
    m.committed ?? '',
    num(m.throughputPerS, 2),
    num(k.resolutionMs),
    reported.get(m.memberId)?.clientId ?? '',
    reported.get(m.memberId)?.clientHost ?? '',
  ]);
}

export function kafkaPauseRows(r: CellResult, k: KafkaSideResult): CsvValue[][] {
  const from = r.raw.times.measureFrom ?? r.raw.times.end;
  const s = (t: number) => num((t - from) / 1000, 3);
  return k.pauses.map((p) => [
    r.raw.cell.name,
    r.raw.repeat,
    p.rebalance,
    s(p.startAt),
    s(p.endAt),
    p.partition,
    p.ownerBefore,
    p.ownerAfter,
    num(p.pauseMs),
    p.pauseMs === null ? '' : num(k.resolutionMs),
    p.endBasis,
    num(k.groupIntervalMs),
  ]);
}
