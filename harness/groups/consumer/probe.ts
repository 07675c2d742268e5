import { readLag } from '../../probes/lag.ts';
import { alterGroupConfigs } from '../group-config.ts';
import type { GroupTypeProbe } from '../types.ts';
import { ConsumerGroupDescriber } from './consumer-group-describe.ts';

export const consumerProbe: GroupTypeProbe = {
  membership({ brokers, groupId, topic }) {
    const describer = new ConsumerGroupDescriber(brokers);
    return { read: () => describer.read(groupId, topic), close: () => describer.close() };
  },
  async configure({ brokers, groupId }, consumer) {
    if (consumer.groupHeartbeatIntervalMs === null) return;
    await alterGroupConfigs(brokers, groupId, { 'consumer.heartbeat.interval.ms': String(consumer.groupHeartbeatIntervalMs) });
  },
  readLag,
};
