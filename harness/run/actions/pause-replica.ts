/**
 * pauseReplica: SIGSTOP an inventory replica for forS, then SIGCONT: a GC pause. Past its
 * session timeout the group rebalances without it; it comes back as a member that was fenced,
 * and the orders it held are processed again by another member (counted as duplicates).
 */
import { pauseFor } from './broker-node.ts';
import type { ActionExecution } from './types.ts';

export const pauseReplica: ActionExecution<'pauseReplica'> = async (e, { system, signal }) => {
  const replica = system.replicas[e.replica];
  if (!replica || !replica.process.isRunning()) throw new Error(`inventory-${e.replica} is not running; it cannot be paused`);
  replica.process.pause();
  try {
    await pauseFor(e.forS * 1000, signal);
  } finally {
    replica.process.resume();
  }
  return { replica: replica.name, resumedAt: Date.now() };
};
