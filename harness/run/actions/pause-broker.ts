/** pauseBroker: SIGSTOP a broker node for forS, then SIGCONT: a hung broker whose sockets stay open. */
import { z } from 'zod';
import { at, section } from '../../model/fields.ts';
import { describeNode, forS, nodeRef, pauseFor, replayNode, resolveNode } from './broker-node.ts';
import { defineAction } from './types.ts';

export const schema = section({ at, action: z.literal('pauseBroker'), node: nodeRef, forS });
export type PauseBroker = Readonly<z.output<typeof schema>>;

export const pauseBroker = defineAction<PauseBroker>({
  name: 'pauseBroker',
  schema,
  touchesBrokers: true,
  fault: true,
  describe: (e, outcome) => `pauseBroker(${describeNode(e.node, outcome?.node)}, ${e.forS}s)`,
  replay: (e, state) => replayNode(e, state, false),
  async execute(e, ctx) {
    const node = await resolveNode(e.node, ctx);
    ctx.cluster.pause(node);
    try {
      await pauseFor(e.forS * 1000, ctx.signal);
    } finally {
      // Whatever happens meanwhile (Ctrl-C, a failed cell), a paused JVM is never left stopped.
      ctx.cluster.resume(node);
    }
    return { node, resumedAt: Date.now() };
  },
});
