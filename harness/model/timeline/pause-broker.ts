/** pauseBroker: SIGSTOP a broker node for forS, then SIGCONT: a hung broker whose sockets stay open. */
import { z } from 'zod';
import { at, section } from '../fields.ts';
import { describeNode, forS, nodeRef, replayNode } from './nodes.ts';
import { defineSpec } from './spec.ts';

export const schema = section({ at, action: z.literal('pauseBroker'), node: nodeRef, forS });
export type PauseBroker = Readonly<z.output<typeof schema>>;

export const pauseBroker = defineSpec<PauseBroker>({
  name: 'pauseBroker',
  schema,
  touchesBrokers: true,
  fault: true,
  describe: (e, outcome) => `pauseBroker(${describeNode(e.node, outcome?.node)}, ${e.forS}s)`,
  replay: (e, state) => replayNode(e, state, false),
});
