/** killBroker: SIGKILL a broker node, the unclean loss a replicated topic must survive. */
import { z } from 'zod';
import { at, section } from '../fields.ts';
import { describeNode, nodeRef, replayNode } from './nodes.ts';
import { defineSpec } from './spec.ts';

export const schema = section({ at, action: z.literal('killBroker'), node: nodeRef });
export type KillBroker = Readonly<z.output<typeof schema>>;

export const killBroker = defineSpec<KillBroker>({
  name: 'killBroker',
  schema,
  touchesBrokers: true,
  fault: true,
  describe: (e, outcome) => `killBroker(${describeNode(e.node, outcome?.node)})`,
  replay: (e, state) => replayNode(e, state, true),
});
