/** addReplica: start one more inventory replica; it joins the group and a rebalance follows. */
import { z } from 'zod';
import { at, section } from '../../model/fields.ts';
import { defineAction } from './types.ts';

export const schema = section({ at, action: z.literal('addReplica') });
export type AddReplica = Readonly<z.output<typeof schema>>;

export const addReplica = defineAction<AddReplica>({
  name: 'addReplica',
  schema,
  // Planned, it has no replica yet; once run, the one it started (empty if it failed).
  describe: (_e, outcome) => (outcome === undefined ? 'addReplica' : `addReplica(${outcome.replica ?? ''})`),
  replay(_e, state) {
    state.running.push(state.nextReplica++);
    return undefined;
  },
  async execute(_e, { system }) {
    return { replica: (await system.addReplica()).name };
  },
});
