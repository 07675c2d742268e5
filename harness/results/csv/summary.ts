import { errorTotal } from '../../measure/counts.ts';
import { isGeneratorBound, sendDelayLimitMs } from '../../measure/bound.ts';
import type { CellResult } from '../../analysis/cell.ts';
import { externalSummary } from './summary-external.ts';
import { clientColumns, num, type CsvValue } from './format.ts';

/** What sharing partitions costs (share groups; the key order and the gap apply to every group). */
export const SHARING_COLUMNS = [
  'order_violations',
  'keys_out_of_order_pct',
  'redelivered_records',
  'delivery_count_max',
  'redelivery_delay_ms',
  'added_first_record_ms',
  'processing_gap_max_ms',
] as const;

/** summary.csv: one row per cell and repeat. The column set is a public interface (docs/results.md). */
export const SUMMARY_COLUMNS = [
  'cell',
  'repeat',
  'status',
  'partitions',
  'replicas',
  'target_rate',
  'achieved_rate',
  'orders_accepted',
  'orders_processed',
  'orders_lost',
  'orders_duplicated',
  'e2e_p50_ms',
  'e2e_p99_ms',
  'e2e_max_ms',
  'http_p50_ms',
  'http_p99_ms',
  'lag_max',
  'lag_max_seconds',
  'rebalances',
  'rebalance_pause_max_ms',
  'idle_replicas',
  'fairness',
  // Beyond the minimum: what explains the figures above.
  'partitions_final',
  'replicas_final',
  'store',
  'key',
  'per_message_ms',
  'connections',
  'http_errors',
  'http_max_ms',
  'send_delay_p99_ms',
  'e2e_mean_ms',
  'orders_unprocessed',
  'orders_processed_not_accepted',
  'poison_skipped',
  'rebalance_detection_max_ms',
  'fairness_first_phase',
  'drained',
  'harness_cpu_pct',
  'error',
  'client',
  'group_protocol',
  'assignor',
  'partitions_moved',
  'generator_bound',
  'kafka_version',
  'takeover_max_ms',
  'takeovers_unseen',
  // A deploy's cost (restartReplica, rollingRestart), empty without one: deploys.csv has each step.
  'static_membership',
  'deploy_restarts',
  'deploy_rebalances',
  'deploy_rebalances_per_restart',
  'deploy_partitions_moved',
  'deploy_pause_max_ms',
  'deploy_lag_max',
  'deploy_lag_max_seconds',
  'deploy_e2e_p99_ms',
  'outside_deploy_e2e_p99_ms',
  'deploy_duplicates',
  'deploy_duration_ms',
  'step_drain_ms',
  ...SHARING_COLUMNS,
] as const;

export function summaryRow(r: CellResult): CsvValue[] {
  const { raw } = r;
  const { topology, load } = raw.cell;
  const detections = r.rebalances.map((x) => x.detectionMs).filter((x): x is number => x !== null);
  const values: Record<(typeof SUMMARY_COLUMNS)[number], CsvValue> = {
    cell: raw.cell.name,
    repeat: raw.repeat,
    status: raw.status,
    partitions: topology.partitions,
    replicas: topology.replicas,
    target_rate: load.rate,
    achieved_rate: num(raw.load?.achievedRate, 2),
    orders_accepted: r.accounting.accepted,
    orders_processed: r.accounting.processed,
    orders_lost: r.accounting.lost,
    orders_duplicated: r.accounting.duplicated,
    e2e_p50_ms: num(r.e2eSummary.p50Ms),
    e2e_p99_ms: num(r.e2eSummary.p99Ms),
    e2e_max_ms: num(r.e2eSummary.maxMs),
    http_p50_ms: num(r.httpSummary.p50Ms),
    http_p99_ms: num(r.httpSummary.p99Ms),
    lag_max: r.lagMax,
    lag_max_seconds: num(r.lagMaxSeconds),
    rebalances: r.rebalances.length,
    rebalance_pause_max_ms: num(r.rebalancePauseMaxMs),
    idle_replicas: r.idleReplicas,
    fairness: num(r.fairness, 4),
    partitions_final: r.partitionsFinal,
    replicas_final: r.replicasFinal,
    store: topology.store,
    key: topology.key,
    per_message_ms: topology.work.perMessageMs,
    connections: load.connections,
    http_errors: raw.load ? errorTotal(raw.load.measured) : '',
    http_max_ms: num(r.httpSummary.maxMs),
    send_delay_p99_ms: num(raw.load?.sendDelay.p99Ms),
    e2e_mean_ms: num(r.e2eSummary.meanMs),
    orders_unprocessed: r.accounting.unprocessed,
    orders_processed_not_accepted: r.accounting.processedNotAccepted,
    poison_skipped: r.poisonSkipped,
    rebalance_detection_max_ms: detections.length > 0 ? Math.max(...detections) : '',
    fairness_first_phase: num(r.fairnessFirstPhase, 4),
    drained: raw.drained,
    harness_cpu_pct: num(raw.harnessCpuPercent, 1),
    error: raw.error ?? '',
    client: clientColumns(r)[0],
    group_protocol: clientColumns(r)[1],
    assignor: clientColumns(r)[2],
    // Across every rebalance of the run; empty when the journals show none.
    partitions_moved: r.rebalances.length > 0 ? r.rebalances.reduce((n, b) => n + b.partitions.filter((p) => p.moved && p.ownerBefore !== '').length, 0) : '',
    // Send delay p99 over the scenario's limit: the latency describes the generator, not the system.
    generator_bound: isGeneratorBound(raw.load, sendDelayLimitMs(load)) ?? '',
    kafka_version: raw.kafkaVersion ?? '',
    takeover_max_ms: maxOrEmpty(r.takeovers.map((t) => t.takeoverMs)),
    takeovers_unseen: raw.takeovers ? r.takeovers.filter((t) => t.takenOverAt === null).length : '',
    ...deployColumns(r),
    // The longest over the steps up; empty without one, and when a step's lag never came back (a note says so).
    step_drain_ms: r.stepDrains.length > 0 && r.stepDrains.every((d) => d.drainMs !== null) ? maxOrEmpty(r.stepDrains.map((d) => d.drainMs)) : '',
    ...sharingColumns(r),
  };
  const external = externalSummary(r);
  // A cell that failed before its load ran measured nothing: its figures are empty, never 0.
  const unmeasured = raw.load === undefined ? NOT_MEASURED_WITHOUT_LOAD : undefined;
  const backlog = takeoverUnseen(r) ? NOT_MEASURED_WITHOUT_TAKEOVER : undefined;
  return SUMMARY_COLUMNS.map((c) => (backlog?.has(c) ? '' : external && c in external ? external[c] : unmeasured?.has(c) ? '' : values[c]));
}

/** A kill (or a long pause) whose partitions no other member owned before the run ended. */
export const takeoverUnseen = (r: Pick<CellResult, 'takeovers'>) => r.takeovers.some((t) => t.takenOverAt === null);

/**
 * Figures that such a kill leaves as a backlog still growing at the end, not a result: empty in
 * summary.csv and '-' in the table, with a line under it (takeovers_unseen counts the kills).
 */
export const NOT_MEASURED_WITHOUT_TAKEOVER: ReadonlySet<string> = new Set<(typeof SUMMARY_COLUMNS)[number]>([
  'e2e_p99_ms',
  'e2e_max_ms',
  'lag_max',
  'lag_max_seconds',
  'rebalance_pause_max_ms',
  'step_drain_ms',
]);

/** The deploy figures are empty for a cell without a restart. */
function deployColumns(r: CellResult): Record<((typeof SUMMARY_COLUMNS)[number] & `${string}deploy${string}`) | 'static_membership', CsvValue> {
  const d = r.deploys;
  const staticMembership = r.raw.cell.topology.consumer.staticMembership === true;
  return {
    static_membership: staticMembership,
    deploy_restarts: d?.restarts ?? '',
    deploy_rebalances: d?.rebalances ?? '',
    deploy_rebalances_per_restart: d && d.restarts > 0 ? num(d.rebalances / d.restarts, 2) : '',
    deploy_partitions_moved: d?.partitionsMoved ?? '',
    deploy_pause_max_ms: num(d?.pauseMaxMs),
    deploy_lag_max: d?.lagMax ?? '',
    deploy_lag_max_seconds: num(d?.lagMaxSeconds),
    deploy_e2e_p99_ms: num(d?.e2eP99InsideMs),
    outside_deploy_e2e_p99_ms: num(d?.e2eP99OutsideMs),
    deploy_duplicates: d?.duplicates ?? '',
    deploy_duration_ms: d?.durationMs ?? '',
  };
}

/**
 * Key order, redelivery, an added replica's first record and the longest stop of a partition
 * across a member's loss. Empty when it does not apply: no productId key, no share group (no
 * delivery counts), no kill or stop, no addReplica; an added replica that never processed an
 * order (a consumer group's member beyond the partition count) leaves its figure empty too.
 */
function sharingColumns(r: CellResult): Record<(typeof SHARING_COLUMNS)[number], CsvValue> {
  const k = r.keyOrder;
  const losses = r.faults.filter((f) => f.memberLoss);
  return {
    order_violations: k?.violations ?? '',
    keys_out_of_order_pct: k && k.keys > 0 ? num((100 * k.keysAffected) / k.keys, 2) : '',
    redelivered_records: r.redelivery?.records ?? '',
    delivery_count_max: r.redelivery?.deliveryCountMax ?? '',
    redelivery_delay_ms: maxOrEmpty(r.faults.map((f) => f.redelivery?.delayMs ?? null)),
    added_first_record_ms: r.added.length > 0 && r.added.every((a) => a.firstRecordMs !== null) ? maxOrEmpty(r.added.map((a) => a.firstRecordMs)) : '',
    processing_gap_max_ms: maxOrEmpty(losses.map((f) => f.consumerPauseMaxMs)),
  };
}

/** The largest of the measured values; empty when none was. */
function maxOrEmpty(values: readonly (number | null)[]): CsvValue {
  const measured = values.filter((v): v is number => v !== null);
  return measured.length > 0 ? Math.max(...measured) : '';
}

const NOT_MEASURED_WITHOUT_LOAD: ReadonlySet<string> = new Set<(typeof SUMMARY_COLUMNS)[number]>([
  'orders_accepted',
  'orders_processed',
  'orders_lost',
  'orders_duplicated',
  'e2e_p50_ms',
  'e2e_p99_ms',
  'e2e_max_ms',
  'e2e_mean_ms',
  'http_p50_ms',
  'http_p99_ms',
  'http_max_ms',
  'lag_max',
  'lag_max_seconds',
  'rebalances',
  'idle_replicas',
  'fairness',
  'fairness_first_phase',
  'orders_unprocessed',
  'orders_processed_not_accepted',
]);
