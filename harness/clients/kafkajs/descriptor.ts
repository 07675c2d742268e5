import type { ConsumerClientDescriptor } from '../types.ts';

export const kafkajs: ConsumerClientDescriptor = {
  name: 'kafkajs',
  groupTypes: { classic: ['range', 'roundrobin'] },
  note: 'kafkajs 2.2 speaks only the classic protocol with eager rebalancing',
  packages: { kafkajs: 'kafkajs' },
  labGroupType: 'classic',
  launch: async (flags) => (await import('../node-replica.ts')).nodeReplica('kafkajs', flags),
};
