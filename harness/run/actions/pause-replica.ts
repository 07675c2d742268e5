/**
 * pauseReplica: SIGSTOP an inventory replica for forS, then SIGCONT: a GC pause. Past its
 * session timeout the group rebalances without it; it comes back as a member that was fenced,
 * and the orders it held are processed again by another member (counted as duplicates).
 */
import { z } from 'zod';
import { at, replicaIndex, section } from '../../model/fields.ts';
import { forS, pauseFor } from './broker-node.ts';
import { requireRunning } from './running-replica.ts';
import { defineAction } from './types.ts';

export const schema = section({ at, action: z.literal('pauseReplica'), replica: replicaIndex, forS });
export type PauseReplica = Readonly<z.output<typeof schema>>;

export const pauseReplica = defineAction<PauseReplica>({
  name: 'pauseReplica',
  schema,
  fault: true,
  describe: (e, outcome) => `pauseReplica(${outcome?.replica ?? e.replica}, ${e.forS}s)`,
  replay: (e, state) => requireRunning(e, state, false),
  async execute(e, { system, signal }) {
    const replica = system.replicas[e.replica];
    if (!replica || !replica.process.isRunning()) throw new Error(`inventory-${e.replica} is not running; it cannot be paused`);
    replica.process.pause();
    try {
      await pauseFor(e.forS * 1000, signal);
    } finally {
      replica.process.resume();
    }
    return { replica: replica.name, resumedAt: Date.now() };
  },
});
