/** stopReplica: SIGTERM; the replica leaves the group cleanly and the group rebalances at once. */
import { z } from 'zod';
import { at, replicaIndex, section } from '../fields.ts';
import { requireRunning } from './replicas.ts';
import { defineSpec } from './spec.ts';

export const schema = section({ at, action: z.literal('stopReplica'), replica: replicaIndex });
export type StopReplica = Readonly<z.output<typeof schema>>;

export const stopReplica = defineSpec<StopReplica>({
  name: 'stopReplica',
  schema,
  fault: true,
  describe: (e, outcome) => `stopReplica(${outcome?.replica ?? e.replica})`,
  replay: (e, state) => requireRunning(e, state, true),
});
