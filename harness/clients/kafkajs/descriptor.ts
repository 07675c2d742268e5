import type { ConsumerClientDescriptor } from '../types.ts';

export const kafkajs: ConsumerClientDescriptor = {
  name: 'kafkajs',
  groupTypes: { classic: ['range', 'roundrobin'] },
  note: 'kafkajs 2.2 speaks only the classic protocol with eager rebalancing',
  staticMembership: { groupTypes: [], note: 'kafkajs 2.2 has no static membership: it never sends a group.instance.id (KIP-345)' },
  packages: { kafkajs: 'kafkajs' },
  labGroupType: 'classic',
  launch: async (flags) => (await import('../node-replica.ts')).nodeReplica('kafkajs', flags),
};
