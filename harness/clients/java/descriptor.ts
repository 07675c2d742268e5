import type { ConsumerClientDescriptor } from '../types.ts';

export const java: ConsumerClientDescriptor = {
  name: 'java',
  groupTypes: { classic: ['range', 'roundrobin', 'cooperative-sticky'], consumer: ['uniform', 'range'] },
  note: 'the Java client (kafka-clients 4.1) speaks both protocols',
  // kafka-clients is the broker's own version: run.json's `kafka`.
  packages: {},
  launch: async (flags) => (await import('./launch.ts')).javaReplicaCommand(flags),
};
