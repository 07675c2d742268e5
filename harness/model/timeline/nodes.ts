/**
 * How the broker actions name a node (an id, or a role resolved when the action runs), and the
 * rule that it exists and is up (or down) then.
 */
import { z } from 'zod';
import { positiveNumber } from '../fields.ts';
import type { ActionProblem, TimelineState } from './spec.ts';

/** Roles a broker action may name instead of an id; the run resolves them from the cluster's metadata. */
export const NODE_ROLES = ['leader', 'coordinator', 'controller'] as const;
export type NodeRole = (typeof NODE_ROLES)[number];

const ROLES_TEXT = `a node id (1..cluster.nodes) or one of ${NODE_ROLES.join(', ')}`;
export const nodeRef = z.union([z.int().min(1), z.enum(NODE_ROLES)], { error: ROLES_TEXT });
export type NodeRef = z.output<typeof nodeRef>;

/** startBroker names a node that is down: by id, or `last` (the one the previous broker action took down). */
export const downNodeRef = z.union([z.int().min(1), z.literal('last')], { error: 'a node id (1..cluster.nodes) or last' });

/** Seconds a pause lasts (SIGSTOP, then SIGCONT). */
export const forS = positiveNumber('a positive number of seconds');

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

export const describeNode = (node: NodeRef, resolved?: number) =>
  typeof node === 'number' || resolved === undefined ? String(resolved ?? node) : `${node}=${resolved}`;
