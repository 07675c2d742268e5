import type { ConsumerClientDescriptor } from '../types.ts';

export const java: ConsumerClientDescriptor = {
  name: 'java',
  // share: KafkaShareConsumer (KIP-932); the broker assigns with its `simple` assignor.
  groupTypes: { classic: ['range', 'roundrobin', 'cooperative-sticky'], consumer: ['uniform', 'range'], share: ['simple'] },
  settings: { maxPollRecords: ['classic', 'consumer', 'share'], shareAckMode: ['share'], shareAcquireMode: ['share'] },
  note: "the Java client (Kafka's own kafka-clients, of the broker's release) speaks both consumer-group protocols and joins share groups",
  staticMembership: {
    groupTypes: ['classic', 'consumer'],
    note: 'group.instance.id on both protocols; closing, a static member does not leave the group (classic: no LeaveGroup; consumer: epoch -2)',
  },
  // kafka-clients is the broker's own release (run.json's `kafka`), or the consumer's kafkaClientsVersion.
  packages: {},
  kafkaJars: true,
  // The lab's story (one partition, an idle replica) by default; `--group-protocol consumer|share` for the others.
  labGroupType: 'classic',
  launch: async (flags, context) => (await import('./launch.ts')).javaReplicaCommand(flags, context),
};
