import { DEFAULT_SESSION_TIMEOUT_MS } from '../../model/timeline/takeover.ts';
import { readLag } from '../../probes/lag.ts';
import { alterGroupConfigs, describeGroupConfig } from '../group-config.ts';
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
    if (consumer.groupSessionTimeoutMs !== undefined) configs['consumer.session.timeout.ms'] = String(consumer.groupSessionTimeoutMs);
    if (consumer.groupAssignmentIntervalMs !== undefined) configs['consumer.assignment.interval.ms'] = String(consumer.groupAssignmentIntervalMs);
    if (Object.keys(configs).length > 0) await alterGroupConfigs(brokers, groupId, configs);
  },
  offsets: ({ admin, topic, groupId }) => ({ read: () => readLag(admin, topic, groupId), close: async () => undefined }),
  // The broker owns a KIP-848 member's session: the group's config, else the broker's default.
  async sessionTimeout({ brokers, groupId }) {
    const found = await describeGroupConfig(brokers, groupId, 'consumer.session.timeout.ms').catch(() => undefined);
    if (!found)
      return { ms: DEFAULT_SESSION_TIMEOUT_MS, source: "assumed: the broker's default group.consumer.session.timeout.ms (the group config could not be read)" };
    return {
      ms: Number(found.value),
      source: found.groupSet ? "the group's consumer.session.timeout.ms" : "the broker's group.consumer.session.timeout.ms",
    };
  },
};
