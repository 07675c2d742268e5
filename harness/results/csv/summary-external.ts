import type { CellResult } from '../../analysis/cell.ts';
import type { CsvValue } from './format.ts';
import { num } from './format.ts';
import { capabilitiesOf } from '../../model/system.ts';

/**
 * An external system writes no journal, so summary.csv's journal figures are not measured (empty,
 * never 0); where Kafka alone measures the same thing, its figure takes the column (its
 * resolution is in kafka-side.csv). e2e stays empty: the Kafka side has only an upper bound
 * (kafka-side.csv e2e_upper_*), which would read as a measured latency here.
 */
export function externalSummary(r: CellResult): Partial<Record<string, CsvValue>> | undefined {
  const system = r.raw.cell.system;
  if (capabilitiesOf(system).writesJournal || system?.kind !== 'external') return undefined;
  const k = r.kafkaSide?.kafka;
  const a = k?.accounting;
  return {
    orders_processed: a ? a.committed : '',
    orders_lost: a ? a.missingFromTopic : '',
    // From the stock URLs when given: decrements beyond the orders committed.
    orders_duplicated: num(a?.duplicatedDecrements),
    e2e_p50_ms: '',
    e2e_p99_ms: '',
    e2e_max_ms: '',
    e2e_mean_ms: '',
    lag_max: num(k?.lagMax),
    lag_max_seconds: num(k?.lagMaxSeconds, 3),
    rebalances: k ? k.rebalances : '',
    rebalance_pause_max_ms: num(k?.pauseMaxMs),
    rebalance_detection_max_ms: '',
    idle_replicas: k ? k.idleMembers : '',
    fairness: '',
    fairness_first_phase: '',
    orders_unprocessed: a ? a.uncommitted : '',
    orders_processed_not_accepted: '',
    poison_skipped: '',
    partitions_moved: '',
    store: '',
    per_message_ms: '',
  };
}
