/**
 * The rule every action that names a replica obeys: replicas are numbered in start order
 * (0..replicas-1, then one more per addReplica), and the one named must be running then.
 */
import type { ActionProblem, TimelineState } from './spec.ts';

export function requireRunning(e: { at: number; replica: number }, state: TimelineState, ends: boolean): ActionProblem | undefined {
  const index = state.running.indexOf(e.replica);
  if (index >= 0) {
    if (ends) state.running.splice(index, 1);
    return undefined;
  }
  const which = state.running.length === 0 ? 'none is running' : `running: ${state.running.join(', ')}`;
  return {
    field: 'replica',
    expected: `the index of a running replica (at ${e.at} s${state.whenReplicas}, ${which})`,
    found: e.replica,
  };
}
