/**
 * A timeline action, Trogdor's way: a spec that is plain data (its zod schema), a description,
 * the cross-field rule it obeys, and a worker that executes it, all in one file and found by
 * name in the registry (index.ts). The scheduler (timeline.ts), the scenario checks, the
 * formatter, the analysis and the report know only this interface.
 */
import type { Admin } from 'kafkajs';
import type { z } from 'zod';
import type { ClusterNodes } from '../../broker/cluster.ts';
import type { SystemUnderTest } from '../../sut/system.ts';

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
}

/** What the actions of one timeline remember between them: the nodes taken down, last one last. */
export interface FaultMemory {
  down: number[];
}

/** The narrow part of a running cell an action may touch. */
export interface ActionContext {
  admin: Admin;
  topic: string;
  groupId: string;
  system: SystemUnderTest;
  /** The broker nodes; an external cluster refuses every action on them. */
  cluster: ClusterNodes;
  /** When the action was taken (epoch ms, the timeline's clock). */
  at: number;
  memory: FaultMemory;
  /** Aborted when the timeline is cancelled (Ctrl-C, a failed cell): a pause ends at once. */
  signal: AbortSignal;
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
}

/** A problem found while replaying: the event's field and what it should have been. */
export interface ActionProblem {
  field: string;
  expected: string;
  found: unknown;
}

export interface ActionDefinition<E extends BaseEvent = BaseEvent> {
  readonly name: E['action'];
  readonly schema: z.ZodType<E>;
  /** One line for the CSV files, the progress line and the report, e.g. `stopReplica(inventory-1)`. */
  describe(event: E, outcome?: ActionOutcome): string;
  /** Applies the event to the replayed state; returns what is wrong with it there, if anything. */
  replay?(event: E, state: TimelineState): ActionProblem | undefined;
  execute(event: E, ctx: ActionContext): Promise<ActionOutcome>;
  /** It stops, starts or pauses a broker node: refused before anything starts on a cluster the harness does not own. */
  readonly touchesBrokers?: boolean;
  /** A fault: summarised per action in faults.csv. */
  readonly fault?: boolean;
}

export function defineAction<E extends BaseEvent>(definition: ActionDefinition<E>): ActionDefinition<E> {
  return definition;
}
