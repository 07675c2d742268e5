/** killReplica: SIGKILL; the group notices only when the replica's session times out. */
import { z } from 'zod';
import { at, replicaIndex, section } from '../../model/fields.ts';
import { requireRunning } from './running-replica.ts';
import { defineAction } from './types.ts';

export const schema = section({ at, action: z.literal('killReplica'), replica: replicaIndex });
export type KillReplica = Readonly<z.output<typeof schema>>;

export const killReplica = defineAction<KillReplica>({
  name: 'killReplica',
  schema,
  describe: (e, outcome) => `killReplica(${outcome?.replica ?? e.replica})`,
  replay: (e, state) => requireRunning(e, state, true),
  async execute(e, { system, at: when }) {
    return { replica: (await system.killReplica(e.replica, when)).name };
  },
});
