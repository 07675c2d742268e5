/** stopReplica: SIGTERM; the replica leaves the group cleanly and the group rebalances at once. */
import { z } from 'zod';
import { at, replicaIndex, section } from '../../model/fields.ts';
import { requireRunning } from './running-replica.ts';
import { defineAction } from './types.ts';

export const schema = section({ at, action: z.literal('stopReplica'), replica: replicaIndex });
export type StopReplica = Readonly<z.output<typeof schema>>;

export const stopReplica = defineAction<StopReplica>({
  name: 'stopReplica',
  schema,
  describe: (e, outcome) => `stopReplica(${outcome?.replica ?? e.replica})`,
  replay: (e, state) => requireRunning(e, state, true),
  async execute(e, { system, at: when }) {
    return { replica: (await system.stopReplica(e.replica, when)).name };
  },
});
