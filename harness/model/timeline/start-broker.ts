/** startBroker: the same node back on its data directory; `last` is the one the previous broker action took down. */
import { z } from 'zod';
import { at, section } from '../fields.ts';
import { downNodeRef } from './nodes.ts';
import { defineSpec } from './spec.ts';

export const schema = section({ at, action: z.literal('startBroker'), node: downNodeRef });
export type StartBroker = Readonly<z.output<typeof schema>>;

export const startBroker = defineSpec<StartBroker>({
  name: 'startBroker',
  schema,
  touchesBrokers: true,
  fault: true,
  describe: (e, outcome) => `startBroker(${e.node === 'last' && outcome?.node !== undefined ? `last=${outcome.node}` : (outcome?.node ?? e.node)})`,
  replay(e, state) {
    if (e.node === 'last') {
      if (state.down.length > 0) {
        state.down.pop();
        return undefined;
      }
      return { field: 'node', expected: `a killBroker or stopBroker before it (at ${e.at} s no node is down for last to name)`, found: e.node };
    }
    if (e.node > state.nodes) return { field: 'node', expected: `a node of the cluster, 1..${state.nodes} (cluster.nodes)`, found: e.node };
    const index = state.down.indexOf(e.node);
    // A node taken down by role may be this one: only the run can tell.
    const byRole = state.down.indexOf(null);
    if (index < 0 && byRole < 0) {
      return { field: 'node', expected: `a node that is down at ${e.at} s (killed or stopped before and not started since)`, found: e.node };
    }
    state.down.splice(index >= 0 ? index : byRole, 1);
    return undefined;
  },
});
