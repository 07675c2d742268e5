/**
 * A timeline action's spec, Trogdor's way: plain data (its zod schema), a description, the
 * cross-field rule it obeys and what kind of action it is. The spec is what the scenario checks,
 * the formatter, the analysis and the report know; its execution is in harness/run/actions/.
 */
import type { z } from 'zod';

/** Every event has a time and its action's name; the rest is the action's own fields. */
export interface BaseEvent {
  readonly at: number;
  readonly action: string;
}

/** What executing an action concerned, recorded in the raw result. */
export interface ActionOutcome {
  /** The replica added, stopped, killed or paused, by name. */
  replica?: string;
  /** The broker node a broker action took down, started or paused (a role resolved to its id). */
  node?: number;
  /** When a pause ended (SIGCONT), epoch ms. */
  resumedAt?: number;
  /** A restart's steps (one for restartReplica, one per batch of a rollingRestart). */
  steps?: RestartStep[];
}

/**
 * One step of a deploy: the replicas it took down and brought back (or, with maxSurge, the new
 * ones it started and the old ones it stopped), and when. Epoch ms.
 */
export interface RestartStep {
  /** The replicas restarted in place, or (with maxSurge) stopped for good. */
  replicas: string[];
  /** With maxSurge: the replicas started to replace them. */
  started?: string[];
  /** When the step began (the first SIGTERM, or the first surge replica's start). */
  at: number;
  /** When the last of its old processes had exited. */
  exitedAt?: number;
  /** When the last of its new processes was up (its ready line, or its process spawned). */
  startedAt?: number;
  /** When every replica of the step was a member with its assignment and the group held every partition; null: not within readyTimeoutS. */
  readyAt: number | null;
}

/**
 * What the scenario checks replay through a timeline, once per swept starting point: the
 * partitions in force, the replicas running (by index) and the index the next one gets.
 */
export interface TimelineState {
  partitions: number;
  running: number[];
  nextReplica: number;
  /** Broker nodes in the cluster (ids 1..nodes). */
  readonly nodes: number;
  /** Nodes taken down and not started again, last one last; null where a role named it (its id is known only when it runs). */
  down: (number | null)[];
  /** " when topology.partitions is N" when partitions are swept, else ''. */
  readonly whenPartitions: string;
  readonly whenReplicas: string;
  /** The ramp in force (rampRate), from its start to its end in seconds: no other rate change may start inside it. */
  ramp?: { at: number; until: number } | undefined;
}

/** A problem found while replaying: the event's field and what it should have been. */
export interface ActionProblem {
  field: string;
  expected: string;
  found: unknown;
}

export interface ActionSpec<E extends BaseEvent = BaseEvent> {
  readonly name: E['action'];
  readonly schema: z.ZodType<E>;
  /** One line for the CSV files, the progress line and the report, e.g. `stopReplica(inventory-1)`. */
  describe(event: E, outcome?: ActionOutcome): string;
  /** Applies the event to the replayed state; returns what is wrong with it there, if anything. */
  replay?(event: E, state: TimelineState): ActionProblem | undefined;
  /** It stops, starts or pauses a broker node: refused before anything starts on a cluster the harness does not own. */
  readonly touchesBrokers?: boolean;
  /** A fault: summarised per action in faults.csv. */
  readonly fault?: boolean;
  /**
   * It changes the offered load, not the system: the load's schedule, computed before the run,
   * carries it out at its planned time (so that is when it ran), and it never triggers a rebalance.
   */
  readonly changesLoad?: boolean;
  /** An action that lasts must end within the measurement: when it ends, and the field that says so. */
  lastsUntil?(event: E): { field: string; at: number; what: string };
}

export function defineSpec<E extends BaseEvent>(spec: ActionSpec<E>): ActionSpec<E> {
  return spec;
}
