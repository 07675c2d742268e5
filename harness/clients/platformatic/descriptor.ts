import type { ConsumerClientDescriptor } from '../types.ts';

export const platformatic: ConsumerClientDescriptor = {
  name: 'platformatic',
  groupTypes: { consumer: ['uniform', 'range'] },
  note: 'this harness runs @platformatic/kafka 2.x for its KIP-848 consumer protocol only',
  packages: { platformaticKafka: '@platformatic/kafka' },
  labGroupType: 'consumer',
  launch: async (flags) => (await import('../node-replica.ts')).nodeReplica('platformatic', flags),
};
