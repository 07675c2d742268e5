/**
 * What the broker actions share: how a node is named (an id, or a role resolved when the action
 * runs), the rule that it exists and is up (or down) then, and the pause's wait.
 */
import { z } from 'zod';
import { NODE_ROLES, type NodeRole } from '../../broker/cluster.ts';
import { positiveNumber } from '../../model/fields.ts';
import type { ActionContext, ActionProblem, TimelineState } from './types.ts';

const ROLES_TEXT = `a node id (1..cluster.nodes) or one of ${NODE_ROLES.join(', ')}`;

export const nodeRef = z.union([z.int().min(1), z.enum(NODE_ROLES)], { error: ROLES_TEXT });
export type NodeRef = z.output<typeof nodeRef>;

/** startBroker names a node that is down: by id, or `last` (the one the previous broker action took down). */
export const downNodeRef = z.union([z.int().min(1), z.literal('last')], { error: 'a node id (1..cluster.nodes) or last' });

/** Seconds a pause lasts (SIGSTOP, then SIGCONT). */
export const forS = positiveNumber('a positive number of seconds');

export async function resolveNode(node: NodeRef, ctx: ActionContext): Promise<number> {
  if (typeof node === 'number') return node;
  return ctx.cluster.resolve(node as NodeRole, { topic: ctx.topic, groupId: ctx.groupId });
}

/** The node must exist; taken down (`takesDown`), it must be up and is then remembered as down. */
export function replayNode(e: { at: number; node: NodeRef }, state: TimelineState, takesDown: boolean): ActionProblem | undefined {
  if (typeof e.node === 'number') {
    if (e.node > state.nodes) {
      return { field: 'node', expected: `a node of the cluster, 1..${state.nodes} (cluster.nodes)`, found: e.node };
    }
    if (state.down.includes(e.node)) {
      return { field: 'node', expected: `a node that is up at ${e.at} s (node ${e.node} was taken down before and not started again)`, found: e.node };
    }
  }
  if (takesDown) state.down.push(typeof e.node === 'number' ? e.node : null);
  return undefined;
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

export const describeNode = (node: NodeRef, resolved?: number) =>
  typeof node === 'number' || resolved === undefined ? String(resolved ?? node) : `${node}=${resolved}`;
