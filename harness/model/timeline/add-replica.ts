/** addReplica: start one more replica; it joins the group and a rebalance follows. */
import { z } from 'zod';
import { at, section } from '../fields.ts';
import { defineSpec } from './spec.ts';

export const schema = section({ at, action: z.literal('addReplica') });
export type AddReplica = Readonly<z.output<typeof schema>>;

export const addReplica = defineSpec<AddReplica>({
  name: 'addReplica',
  schema,
  // Planned, it has no replica yet; once run, the one it started (empty if it failed).
  describe: (_e, outcome) => (outcome === undefined ? 'addReplica' : `addReplica(${outcome.replica ?? ''})`),
  replay(_e, state) {
    state.running.push(state.nextReplica++);
    return undefined;
  },
});
