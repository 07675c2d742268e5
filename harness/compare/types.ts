import type { EnvironmentDifference } from './environment.ts';
import type { Metric } from './metrics.ts';

export type Operator = '<' | '<=' | '>' | '>=' | '=';

/**
 * A limit on one metric of every cell. Relative limits bound the candidate's median against the
 * baseline's (`e2e_p99_ms=+10%`: at most 10% above; `achieved_rate=-5%`: at most 5% below);
 * absolute limits bound every candidate repeat (`orders_lost=0`, `rebalance_pause_max_ms<5000`).
 */
export type Limit =
  | {
      readonly metric: Metric;
      readonly kind: 'relative';
      readonly direction: 'up' | 'down';
      readonly percent: number;
      readonly text: string;
      readonly source: string;
    }
  | { readonly metric: Metric; readonly kind: 'absolute'; readonly op: Operator; readonly value: number; readonly text: string; readonly source: string };

/** One side's values of a metric in one cell, over its ok repeats. */
export interface Spread {
  readonly n: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly stddev: number;
  /** The measured values by repeat number (repeats that did not measure it are left out). */
  readonly values: ReadonlyArray<{ readonly repeat: number; readonly value: number }>;
}

/** `within-noise`: a relative limit was crossed, but by less than the runs' own spread. */
export type Verdict = 'ok' | 'regression' | 'within-noise' | 'not-measured';

export interface LimitCheck {
  readonly limit: Limit;
  readonly verdict: Verdict;
  /** The value the candidate had to stay within, when one applies. */
  readonly bound: number | null;
  /** Why, in words, with the numbers. */
  readonly reason: string;
}

export interface MetricComparison {
  readonly metric: Metric;
  readonly baseline: Spread | null;
  readonly candidate: Spread | null;
  /** Candidate median minus baseline median, and that as a percentage of the baseline's. */
  readonly change: number | null;
  readonly changePct: number | null;
  readonly checks: readonly LimitCheck[];
  /** The worst of its checks; undefined when no limit applies to it. */
  readonly verdict: Verdict | undefined;
}

export interface CellComparison {
  readonly cell: string;
  readonly baselineRepeats: readonly number[];
  readonly candidateRepeats: readonly number[];
  /** Repeats whose status was not ok: left out of the figures. */
  readonly baselineFailed: readonly number[];
  readonly candidateFailed: readonly number[];
  readonly metrics: readonly MetricComparison[];
}

export interface Finding {
  readonly cell: string;
  readonly metric: Metric | 'status';
  readonly message: string;
}

export interface RunInfo {
  readonly dir: string;
  readonly scenario: string;
  readonly scenarioHash: string;
  readonly git: string;
  readonly startedAt: string;
}

export interface Comparison {
  readonly baseline: RunInfo;
  readonly candidate: RunInfo;
  /** Where the two runs' environments differ (Kafka setup, client, git, machine, scenario). */
  readonly environment: readonly EnvironmentDifference[];
  readonly limits: readonly Limit[];
  readonly cells: readonly CellComparison[];
  readonly regressions: readonly Finding[];
  readonly withinNoise: readonly Finding[];
  /** Not failures: things a reader should know (different scenario, different cell settings). */
  readonly warnings: readonly string[];
  readonly ok: boolean;
}
