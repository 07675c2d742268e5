/**
 * restartReplica: SIGTERM one replica, wait for its exit, start it again with the same index,
 * port and name (so, under static membership, the same group.instance.id); the action ends when
 * the restarted member has its assignment again. One step of a deploy.
 */
import { z } from 'zod';
import { at, positiveNumber, replicaIndex, section } from '../fields.ts';
import { requireRunning } from './replicas.ts';
import { defineSpec } from './spec.ts';

/** How long a restarted replica has to be back in the group with its assignment. */
export const readyTimeoutS = positiveNumber('a positive number of seconds').prefault(60);

export const schema = section({ at, action: z.literal('restartReplica'), replica: replicaIndex, readyTimeoutS });
export type RestartReplica = Readonly<z.output<typeof schema>>;

export const restartReplica = defineSpec<RestartReplica>({
  name: 'restartReplica',
  schema,
  describe: (e, outcome) => `restartReplica(${outcome?.replica ?? e.replica})`,
  // It comes back under the same index: running before, running after.
  replay: (e, state) => requireRunning(e, state, false),
});
