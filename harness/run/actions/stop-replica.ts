/** stopReplica: SIGTERM; the replica leaves the group cleanly and the group rebalances at once. */
import type { ActionExecution } from './types.ts';

export const stopReplica: ActionExecution<'stopReplica'> = async (e, { system, at }) => ({ replica: (await system.stopReplica(e.replica, at)).name });
