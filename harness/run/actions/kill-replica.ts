/** killReplica: SIGKILL; the group notices only when the replica's session times out. */
import type { ActionExecution } from './types.ts';

export const killReplica: ActionExecution<'killReplica'> = async (e, { system, at }) => ({ replica: (await system.killReplica(e.replica, at)).name });
