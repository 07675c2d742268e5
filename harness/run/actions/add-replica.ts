/** addReplica: start one more inventory replica; it joins the group and a rebalance follows. */
import type { ActionExecution } from './types.ts';

export const addReplica: ActionExecution<'addReplica'> = async (_e, { system }) => ({ replica: (await system.addReplica()).name });
