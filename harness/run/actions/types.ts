/**
 * A timeline action's execution: the worker half of a Trogdor-style fault. Its spec (schema,
 * description, rule) is data in harness/model/timeline/; the scheduler (timeline.ts) finds the
 * execution here by the same name.
 */
import type { Admin } from 'kafkajs';
import type { ClusterNodes } from '../../broker/cluster.ts';
import type { WatchedGroup } from '../../groups/open.ts';
import type { SessionTimeout } from '../../groups/types.ts';
import type { EventOf, TimelineAction } from '../../model/timeline/index.ts';
import type { ActionOutcome } from '../../model/timeline/spec.ts';
import type { SystemUnderTest } from '../../sut/types.ts';

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
  /** The cell's group, as the coordinator reports it: a restart is ready when its member has its assignment again. */
  group: WatchedGroup;
  /** The replicas set group.instance.id (topology.consumer.staticMembership). */
  staticMembership: boolean;
  /** The group's session timeout in force, and where it came from. */
  sessionTimeout(): Promise<SessionTimeout>;
  /** Something a person watching should know (a wait past readyTimeoutS, and why). */
  note?(text: string): void;
}

/** An action that failed part way: what it did before is kept in the raw record. */
export class ActionFailed extends Error {
  constructor(
    message: string,
    readonly outcome: ActionOutcome,
  ) {
    super(message);
  }
}

export type ActionExecution<A extends TimelineAction> = (event: EventOf<A>, ctx: ActionContext) => Promise<ActionOutcome>;
