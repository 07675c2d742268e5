/** What the broker actions' executions share: a role resolved to a node id, and the pause's wait. */
import type { NodeRef, NodeRole } from '../../model/timeline/nodes.ts';
import type { ActionContext } from './types.ts';

export async function resolveNode(node: NodeRef, ctx: ActionContext): Promise<number> {
  if (typeof node === 'number') return node;
  return ctx.cluster.resolve(node as NodeRole, { topic: ctx.topic, groupId: ctx.groupId });
}

/** Waits `ms`, or less when the timeline is cancelled. */
export function pauseFor(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
