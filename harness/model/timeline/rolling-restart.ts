/**
 * rollingRestart: a deploy, as a Kubernetes rolling update does it. Every running replica in
 * turn (or those listed), `maxUnavailable` at a time, with a pause of `pauseS` after each step;
 * a step is done when its replicas are back in the group with their assignment ("ready").
 *
 * `maxSurge` is a Deployment's: with it, a step first starts up to maxSurge new replicas (new
 * indices, new names, so new static identities), waits until they are ready, then stops the
 * old ones for good; the group never has fewer than the replicas it had minus maxUnavailable,
 * nor more than plus maxSurge. Without it (a StatefulSet's way, the default), each replica is
 * restarted in place: the same index, port and name.
 */
import { z } from 'zod';
import { at, nonNegativeInt, nonNegativeNumber, replicaIndex, section } from '../fields.ts';
import { requireRunning } from './replicas.ts';
import { readyTimeoutS } from './restart-replica.ts';
import { defineSpec } from './spec.ts';

export const schema = section({
  at,
  action: z.literal('rollingRestart'),
  /** The replicas to restart, in this order; left out, every replica running then, by index. */
  replicas: z.array(replicaIndex, { error: 'a list of replica indices' }).min(1, { error: 'a non-empty list of replica indices' }).optional(),
  maxUnavailable: nonNegativeInt('an integer ≥ 0 (replicas down at once)').prefault(1),
  maxSurge: nonNegativeInt('an integer ≥ 0 (new replicas started before old ones stop)').prefault(0),
  pauseS: nonNegativeNumber('a number of seconds ≥ 0').prefault(0),
  readyTimeoutS,
}).superRefine((e, ctx) => {
  if (e.maxUnavailable === 0 && e.maxSurge === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['maxUnavailable'],
      input: e.maxUnavailable,
      message: 'maxUnavailable or maxSurge above 0 (with both 0 no step could start, as in Kubernetes)',
    });
  }
  const seen = new Set<number>();
  e.replicas?.forEach((r, i) => {
    if (seen.has(r)) ctx.addIssue({ code: 'custom', path: ['replicas', i], input: r, message: `distinct replica indices, got ${r} a second time` });
    seen.add(r);
  });
});
export type RollingRestart = Readonly<z.output<typeof schema>>;

export const rollingRestart = defineSpec<RollingRestart>({
  name: 'rollingRestart',
  schema,
  describe: (e, outcome) => `rollingRestart(${outcome?.replica ?? (e.replicas ? e.replicas.join('+') : 'all')})`,
  replay(e, state) {
    const targets = e.replicas ?? [...state.running];
    for (const [i, replica] of targets.entries()) {
      const problem = requireRunning({ at: e.at, replica }, state, e.maxSurge > 0);
      if (problem) return { ...problem, field: e.replicas ? `replicas.${i}` : 'replicas' };
      // A surge replaces: the old one ends, a new index starts.
      if (e.maxSurge > 0) state.running.push(state.nextReplica++);
    }
    return undefined;
  },
});
