/** killReplica: SIGKILL; the group notices only when the replica's session times out. */
import { z } from 'zod';
import { at, replicaIndex, section } from '../fields.ts';
import { requireRunning } from './replicas.ts';
import { defineSpec } from './spec.ts';

export const schema = section({ at, action: z.literal('killReplica'), replica: replicaIndex });
export type KillReplica = Readonly<z.output<typeof schema>>;

export const killReplica = defineSpec<KillReplica>({
  name: 'killReplica',
  schema,
  fault: true,
  describe: (e, outcome) => `killReplica(${outcome?.replica ?? e.replica})`,
  replay: (e, state) => requireRunning(e, state, true),
});
