import type { ConsumerClientDescriptor } from '../types.ts';

export const platformatic: ConsumerClientDescriptor = {
  name: 'platformatic',
  groupTypes: { consumer: ['uniform', 'range'] },
  note: 'this harness runs @platformatic/kafka 2.x for its KIP-848 consumer protocol only',
  // Measured, not assumed: its close leaves with member epoch -1 (for good), not -2, so a restarted
  // static member may not get its partitions back without a rebalance.
  staticMembership: { groupTypes: ['consumer'], note: '@platformatic/kafka sends groupInstanceId; its close leaves with epoch -1' },
  packages: { platformaticKafka: '@platformatic/kafka' },
  labGroupType: 'consumer',
  launch: async (flags) => (await import('../node-replica.ts')).nodeReplica('platformatic', flags),
};
