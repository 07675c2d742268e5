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
    const configs: Record<string, string> = {};
    if (consumer.groupHeartbeatIntervalMs !== null) configs['consumer.heartbeat.interval.ms'] = String(consumer.groupHeartbeatIntervalMs);
    if (consumer.groupAssignmentIntervalMs !== undefined) configs['consumer.assignment.interval.ms'] = String(consumer.groupAssignmentIntervalMs);
    if (Object.keys(configs).length > 0) await alterGroupConfigs(brokers, groupId, configs);
  },
  readLag,
};
