/** The KIP-848 consumer protocol: ConsumerGroupDescribe, assignors in the broker, the broker's timings. */
import { settledWithOneOwnerEach } from '../exclusive.ts';
import type { GroupTypeDescriptor } from '../types.ts';

export const consumer: GroupTypeDescriptor = {
  name: 'consumer',
  label: 'consumer-protocol group',
  defaultAssignor: 'uniform',
  clientTimings: false,
  timingsNote:
    "the broker sets group.consumer.session.timeout.ms and group.consumer.heartbeat.interval.ms; a scenario sets the group's heartbeat with groupHeartbeatIntervalMs and (Kafka 4.3+) its assignment batching with groupAssignmentIntervalMs",
  groupHeartbeat: true,
  ownership: 'exclusive',
  isSettled: settledWithOneOwnerEach,
  probe: async () => (await import('./probe.ts')).consumerProbe,
};
