import type { ValueColumn } from '../results/read.ts';

/**
 * The summary.csv columns that compare reads as measurements, and which way is worse. `lower`:
 * lower is better (latency, losses, lag); `higher`: higher is better (rates, fairness);
 * `neither`: shown, but only an explicit limit gives it a verdict (counts that follow the
 * duration). The columns that describe a cell (partitions, replicas, rate, store...) are not
 * metrics: compare checks that they agree on both sides.
 */
export type Better = 'lower' | 'higher' | 'neither';

export const METRICS = {
  achieved_rate: { better: 'higher', unit: '/s' },
  orders_accepted: { better: 'neither', unit: '' },
  orders_processed: { better: 'neither', unit: '' },
  orders_lost: { better: 'lower', unit: '' },
  orders_duplicated: { better: 'lower', unit: '' },
  orders_processed_not_accepted: { better: 'lower', unit: '' },
  e2e_p50_ms: { better: 'lower', unit: 'ms' },
  e2e_p99_ms: { better: 'lower', unit: 'ms' },
  e2e_max_ms: { better: 'lower', unit: 'ms' },
  e2e_mean_ms: { better: 'lower', unit: 'ms' },
  http_p50_ms: { better: 'lower', unit: 'ms' },
  http_p99_ms: { better: 'lower', unit: 'ms' },
  http_max_ms: { better: 'lower', unit: 'ms' },
  http_errors: { better: 'lower', unit: '' },
  send_delay_p99_ms: { better: 'lower', unit: 'ms' },
  lag_max: { better: 'lower', unit: 'msgs' },
  lag_max_seconds: { better: 'lower', unit: 's' },
  rebalances: { better: 'lower', unit: '' },
  rebalance_pause_max_ms: { better: 'lower', unit: 'ms' },
  rebalance_detection_max_ms: { better: 'lower', unit: 'ms' },
  idle_replicas: { better: 'lower', unit: '' },
  fairness: { better: 'higher', unit: '' },
  fairness_first_phase: { better: 'higher', unit: '' },
  poison_skipped: { better: 'lower', unit: '' },
  // What sharing partitions costs (summary.csv's share columns). Key order applies to every
  // group keyed by product; redelivery only to share groups; the gap and the added replica's
  // first record only with a kill or an addReplica. Empty is "not measured", never 0 (an added
  // member that never got a record, beyond a consumer group's partitions, leaves it empty too).
  order_violations: { better: 'lower', unit: '' },
  keys_out_of_order_pct: { better: 'lower', unit: '%' },
  redelivered_records: { better: 'lower', unit: '' },
  delivery_count_max: { better: 'lower', unit: '' },
  redelivery_delay_ms: { better: 'lower', unit: 'ms' },
  added_first_record_ms: { better: 'lower', unit: 'ms' },
  processing_gap_max_ms: { better: 'lower', unit: 'ms' },
} as const satisfies Partial<Record<ValueColumn, { better: Better; unit: string }>>;

export type Metric = keyof typeof METRICS;
export const METRIC_NAMES = Object.keys(METRICS) as Metric[];

export const isMetric = (name: string): name is Metric => Object.hasOwn(METRICS, name);

/** What a cell is; two runs of the same cell name should agree on all of these. */
export const CELL_CONFIG_COLUMNS = [
  // A cell named without its variant (one consumer in the scenario) could be a share group in one
  // run and a consumer group in the other.
  'client',
  'group_protocol',
  'assignor',
  'partitions',
  'replicas',
  'target_rate',
  'per_message_ms',
  'connections',
  'store',
  'key',
] as const satisfies readonly ValueColumn[];
