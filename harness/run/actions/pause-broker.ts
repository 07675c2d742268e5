/** pauseBroker: SIGSTOP a broker node for forS, then SIGCONT: a hung broker whose sockets stay open. */
import { pauseFor, resolveNode } from './broker-node.ts';
import type { ActionExecution } from './types.ts';

export const pauseBroker: ActionExecution<'pauseBroker'> = async (e, ctx) => {
  const node = await resolveNode(e.node, ctx);
  ctx.cluster.pause(node);
  try {
    await pauseFor(e.forS * 1000, ctx.signal);
  } finally {
    // Whatever happens meanwhile (Ctrl-C, a failed cell), a paused JVM is never left stopped.
    ctx.cluster.resume(node);
  }
  return { node, resumedAt: Date.now() };
};
