/** startBroker: the same node back on its data directory; `last` is the one the previous broker action took down. */
import { HarnessError } from '../../model/errors.ts';
import type { ActionExecution } from './types.ts';

export const startBroker: ActionExecution<'startBroker'> = async (e, ctx) => {
  const node = e.node === 'last' ? ctx.memory.down.at(-1) : e.node;
  if (node === undefined) throw new HarnessError('BAD_ARGUMENT', 'startBroker(last): no broker was taken down before it');
  // The process is started; its rejoining (the ISR growing back) is what the metadata probe
  // records. Waiting for it here would hold back the timeline's next action.
  await ctx.cluster.start(node, { wait: false });
  const index = ctx.memory.down.lastIndexOf(node);
  if (index >= 0) ctx.memory.down.splice(index, 1);
  return { node };
};
