/** stopBroker: SIGTERM a broker node; Kafka's controlled shutdown moves its leaderships first. */
import { z } from 'zod';
import { at, section } from '../../model/fields.ts';
import { describeNode, nodeRef, replayNode, resolveNode } from './broker-node.ts';
import { defineAction } from './types.ts';

export const schema = section({ at, action: z.literal('stopBroker'), node: nodeRef });
export type StopBroker = Readonly<z.output<typeof schema>>;

export const stopBroker = defineAction<StopBroker>({
  name: 'stopBroker',
  schema,
  touchesBrokers: true,
  fault: true,
  describe: (e, outcome) => `stopBroker(${describeNode(e.node, outcome?.node)})`,
  replay: (e, state) => replayNode(e, state, true),
  async execute(e, ctx) {
    const node = await resolveNode(e.node, ctx);
    await ctx.cluster.stop(node);
    ctx.memory.down.push(node);
    return { node };
  },
});
