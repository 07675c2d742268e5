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
} as const satisfies Partial<Record<ValueColumn, { better: Better; unit: string }>>;

export type Metric = keyof typeof METRICS;
export const METRIC_NAMES = Object.keys(METRICS) as Metric[];

export const isMetric = (name: string): name is Metric => Object.hasOwn(METRICS, name);

/** What a cell is; two runs of the same cell name should agree on all of these. */
export const CELL_CONFIG_COLUMNS = [
  'partitions',
  'replicas',
  'target_rate',
  'per_message_ms',
  'connections',
  'store',
  'key',
] as const satisfies readonly ValueColumn[];
