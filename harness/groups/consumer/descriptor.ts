/** The KIP-848 consumer protocol: ConsumerGroupDescribe, assignors in the broker, the broker's timings. */
import { settledWithOneOwnerEach } from '../exclusive.ts';
import type { GroupTypeDescriptor } from '../types.ts';

export const consumer: GroupTypeDescriptor = {
  name: 'consumer',
  defaultAssignor: 'uniform',
  clientTimings: false,
  timingsNote:
    "the broker sets group.consumer.session.timeout.ms and group.consumer.heartbeat.interval.ms; a scenario sets the group's heartbeat with groupHeartbeatIntervalMs",
  groupHeartbeat: true,
  ownership: 'exclusive',
  isSettled: settledWithOneOwnerEach,
  probe: async () => (await import('./probe.ts')).consumerProbe,
};
