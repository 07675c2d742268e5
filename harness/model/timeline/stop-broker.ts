/** stopBroker: SIGTERM a broker node; Kafka's controlled shutdown moves its leaderships first. */
import { z } from 'zod';
import { at, section } from '../fields.ts';
import { describeNode, nodeRef, replayNode } from './nodes.ts';
import { defineSpec } from './spec.ts';

export const schema = section({ at, action: z.literal('stopBroker'), node: nodeRef });
export type StopBroker = Readonly<z.output<typeof schema>>;

export const stopBroker = defineSpec<StopBroker>({
  name: 'stopBroker',
  schema,
  touchesBrokers: true,
  fault: true,
  describe: (e, outcome) => `stopBroker(${describeNode(e.node, outcome?.node)})`,
  replay: (e, state) => replayNode(e, state, true),
});
