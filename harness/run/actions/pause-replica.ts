/**
 * pauseReplica: SIGSTOP a replica for forS, then SIGCONT: a GC pause. Past its
 * session timeout the group rebalances without it; it comes back as a member that was fenced,
 * and the orders it held are processed again by another member (counted as duplicates).
 */
import { pauseFor } from './broker-node.ts';
import type { ActionExecution } from './types.ts';

export const pauseReplica: ActionExecution<'pauseReplica'> = async (e, { system, signal }) => {
  const replica = system.pauseReplica(e.replica);
  try {
    await pauseFor(e.forS * 1000, signal);
  } finally {
    system.resumeReplica(e.replica);
  }
  return { replica: replica.name, resumedAt: Date.now() };
};
