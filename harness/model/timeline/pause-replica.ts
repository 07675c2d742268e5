/**
 * pauseReplica: SIGSTOP a replica for forS, then SIGCONT: a GC pause. Past its session timeout
 * the group rebalances without it; it comes back as a member that was fenced, and the orders it
 * held are processed again by another member (counted as duplicates).
 */
import { z } from 'zod';
import { at, replicaIndex, section } from '../fields.ts';
import { forS } from './nodes.ts';
import { requireRunning } from './replicas.ts';
import { defineSpec } from './spec.ts';

export const schema = section({ at, action: z.literal('pauseReplica'), replica: replicaIndex, forS });
export type PauseReplica = Readonly<z.output<typeof schema>>;

export const pauseReplica = defineSpec<PauseReplica>({
  name: 'pauseReplica',
  schema,
  fault: true,
  describe: (e, outcome) => `pauseReplica(${outcome?.replica ?? e.replica}, ${e.forS}s)`,
  replay: (e, state) => requireRunning(e, state, false),
});
