/**
 * The registry of timeline action executions, by the same names as the specs in
 * harness/model/timeline/: the scheduler finds how to carry out an event here.
 */
import type { EventOf, TimelineAction, TimelineEvent } from '../../model/timeline/index.ts';
import type { ActionOutcome } from '../../model/timeline/spec.ts';
import { addReplica } from './add-replica.ts';
import { alterPartitions } from './alter-partitions.ts';
import { killBroker } from './kill-broker.ts';
import { killReplica } from './kill-replica.ts';
import { pauseBroker } from './pause-broker.ts';
import { pauseReplica } from './pause-replica.ts';
import { restartReplica } from './restart-replica.ts';
import { rollingRestart } from './rolling-restart.ts';
import { rampRate } from './ramp-rate.ts';
import { setRate } from './set-rate.ts';
import { startBroker } from './start-broker.ts';
import { stopBroker } from './stop-broker.ts';
import { stopReplica } from './stop-replica.ts';
import type { ActionContext, ActionExecution } from './types.ts';

export { ActionFailed, type ActionContext, type FaultMemory } from './types.ts';

const REGISTRY: { readonly [A in TimelineAction]: ActionExecution<A> } = {
  alterPartitions,
  addReplica,
  stopReplica,
  killReplica,
  killBroker,
  stopBroker,
  startBroker,
  pauseBroker,
  pauseReplica,
  restartReplica,
  rollingRestart,
  setRate,
  rampRate,
};

export function execute(event: TimelineEvent, ctx: ActionContext): Promise<ActionOutcome> {
  return (REGISTRY[event.action] as (e: EventOf<typeof event.action>, c: ActionContext) => Promise<ActionOutcome>)(event, ctx);
}
