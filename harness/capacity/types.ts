import type { BrokerLimit } from '../groups/types.ts';
import type { ConsumerRow } from '../results/read.ts';

export interface PlanTarget {
  /** Orders/s the group must sustain. */
  readonly targetRate: number;
  /** Spare capacity on top of the target: 0.2 asks for 1.2 x the target. */
  readonly headroom: number;
  readonly maxLagSeconds?: number;
  readonly maxP99Ms?: number;
  /** Which per-message cost to plan for, when the sweep varies it. */
  readonly perMessageMs?: number;
  /** The consumer variant (`java-consumer-uniform`) when the run measured several. */
  readonly consumer?: string;
}

/** One cell of the sweep as plan reads it; figures are medians over the cell's ok repeats. */
export interface MeasuredCell {
  readonly cell: string;
  readonly partitions: number;
  readonly replicas: number;
  readonly repeats: number;
  /** The rate the load generator achieved (orders/s offered to the system). */
  readonly offered: number;
  /** Orders/s the group processed during the measurement (consumers.csv, all replicas). */
  readonly processed: number;
  /** Replicas that owned at least one partition, and those alive with none. */
  readonly active: number;
  readonly idle: number;
  /** The group fell behind: it processed less than (1 - SATURATION_TOLERANCE) of what was offered. */
  readonly saturated: boolean;
  readonly lagMaxSeconds: number | null;
  readonly e2eP99Ms: number | null;
}

export interface PerReplicaCapacity {
  /** Orders/s one replica with partitions sustains at the sweep's per-message work. */
  readonly value: number;
  /** `saturated`: measured where the group was saturated; `lower-bound`: no cell was, so at least this. */
  readonly basis: 'saturated' | 'lower-bound';
  /** The consumers.csv rows it was derived from. */
  readonly rows: readonly ConsumerRow[];
  /** What the per-message work alone would allow one consumer (1000 / per_message_ms), for comparison. */
  readonly theoretical: number | null;
}

/** How processed throughput grows with replicas at one partition count. */
export interface ScalingLine {
  readonly partitions: number;
  readonly points: ReadonlyArray<{
    readonly replicas: number;
    readonly processed: number;
    readonly gainPct: number | null;
    readonly idle: number;
    readonly saturated: boolean;
  }>;
  /** The replica count after which adding replicas no longer raised throughput, if it stopped. */
  readonly stopsHelpingAfter: number | null;
}

/**
 * How a capacity is known. `measured`: the cell sustained the required rate, or saturated and so
 * showed its ceiling. `modelled`: the cell was measured, but only at a lower offered rate, so its
 * capacity is per-replica capacity x active consumers. `extrapolated`: no cell of that size was
 * measured at all.
 */
export type Basis = 'measured' | 'modelled' | 'extrapolated';

export interface CandidateCheck {
  readonly cell: string;
  readonly partitions: number;
  readonly replicas: number;
  readonly capacity: number;
  readonly basis: Basis;
  readonly enoughCapacity: boolean;
  /** Why a measured lag or p99 misses the limits; empty when they are met (or not asked for). */
  readonly limitProblems: readonly string[];
  readonly accepted: boolean;
  readonly reason: string;
}

export interface Recommendation {
  readonly partitions: number;
  readonly replicas: number;
  readonly capacity: number;
  readonly basis: Basis;
  /** The measured cell it rests on; absent when extrapolated. */
  readonly cell?: string;
  readonly reason: string;
}

export interface Plan {
  readonly scenario: string;
  readonly dir: string;
  /** The consumer variant planned for (`java-share-simple`), and the kind of group it ran. */
  readonly consumer: string;
  readonly groupProtocol: string;
  /**
   * `shared` (share groups): every member reads every partition, so replicas beyond the partition
   * count add consumers; `exclusive`: a partition has one owner and extra replicas idle.
   */
  readonly ownership: 'exclusive' | 'shared';
  /** The broker's documented limits on this kind of group (configs and defaults), not measured by the run. */
  readonly brokerLimits: readonly BrokerLimit[];
  readonly perMessageMs: number | null;
  readonly target: PlanTarget;
  /** targetRate x (1 + headroom). */
  readonly required: number;
  readonly cells: readonly MeasuredCell[];
  readonly perReplica: PerReplicaCapacity;
  readonly scaling: readonly ScalingLine[];
  readonly candidates: readonly CandidateCheck[];
  readonly recommendation: Recommendation | null;
  /** True when a measured cell demonstrates the recommendation; false for a model's answer or none. */
  readonly covered: boolean;
  /** Why the answer is not covered, and other things to know. */
  readonly notes: readonly string[];
}

/** A variant's answer, as the cross-variant verdict reads it. */
export interface VariantAnswer {
  readonly consumer: string;
  readonly groupProtocol: string;
  readonly recommendation: Recommendation | null;
  readonly covered: boolean;
}

/** A run that measured several consumer variants (share and consumer protocol, say): one plan each. */
export interface VariantsPlan {
  readonly scenario: string;
  readonly dir: string;
  readonly target: PlanTarget;
  readonly required: number;
  readonly plans: readonly Plan[];
  /** The offered rates (target_rate) the variants were measured at: a verdict needs them equal. */
  readonly offeredRates: readonly number[];
  /** Among the variants a measured cell covers, the one with the fewest partitions, then replicas. */
  readonly fewest: VariantAnswer | null;
  /** In words: which met the target with fewer partitions or replicas, and what each needed. */
  readonly verdict: readonly string[];
}
