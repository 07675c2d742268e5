/** killBroker: SIGKILL a broker node, the unclean loss a replicated topic must survive. */
import { z } from 'zod';
import { at, section } from '../../model/fields.ts';
import { describeNode, nodeRef, replayNode, resolveNode } from './broker-node.ts';
import { defineAction } from './types.ts';

export const schema = section({ at, action: z.literal('killBroker'), node: nodeRef });
export type KillBroker = Readonly<z.output<typeof schema>>;

export const killBroker = defineAction<KillBroker>({
  name: 'killBroker',
  schema,
  touchesBrokers: true,
  fault: true,
  describe: (e, outcome) => `killBroker(${describeNode(e.node, outcome?.node)})`,
  replay: (e, state) => replayNode(e, state, true),
  async execute(e, ctx) {
    const node = await resolveNode(e.node, ctx);
    await ctx.cluster.kill(node);
    ctx.memory.down.push(node);
    return { node };
  },
});
