import type { ConsumerClientDescriptor } from '../types.ts';

export const java: ConsumerClientDescriptor = {
  name: 'java',
  groupTypes: { classic: ['range', 'roundrobin', 'cooperative-sticky'], consumer: ['uniform', 'range'] },
  note: "the Java client (Kafka's own kafka-clients, of the broker's release) speaks both protocols",
  staticMembership: {
    groupTypes: ['classic', 'consumer'],
    note: 'group.instance.id on both protocols; closing, a static member does not leave the group (classic: no LeaveGroup; consumer: epoch -2)',
  },
  // kafka-clients is the broker's own release (run.json's `kafka`), or the consumer's kafkaClientsVersion.
  packages: {},
  kafkaJars: true,
  launch: async (flags, context) => (await import('./launch.ts')).javaReplicaCommand(flags, context),
};
