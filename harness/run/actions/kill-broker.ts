/** killBroker: SIGKILL a broker node, the unclean loss a replicated topic must survive. */
import { resolveNode } from './broker-node.ts';
import type { ActionExecution } from './types.ts';

export const killBroker: ActionExecution<'killBroker'> = async (e, ctx) => {
  const node = await resolveNode(e.node, ctx);
  await ctx.cluster.kill(node);
  ctx.memory.down.push(node);
  return { node };
};
