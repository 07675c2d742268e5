/** stopBroker: SIGTERM a broker node; Kafka's controlled shutdown moves its leaderships first. */
import { resolveNode } from './broker-node.ts';
import type { ActionExecution } from './types.ts';

export const stopBroker: ActionExecution<'stopBroker'> = async (e, ctx) => {
  const node = await resolveNode(e.node, ctx);
  await ctx.cluster.stop(node);
  ctx.memory.down.push(node);
  return { node };
};
