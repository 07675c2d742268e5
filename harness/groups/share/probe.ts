import { alterGroupConfigs, describeGroupConfig } from '../group-config.ts';
import type { GroupTypeProbe } from '../types.ts';
import { ShareGroupReader } from './share-group-reader.ts';

export const shareProbe: GroupTypeProbe = {
  membership({ brokers, groupId, topic }) {
    const reader = new ShareGroupReader(brokers, groupId, topic);
    return { read: () => reader.members(), close: () => reader.close() };
  },
  offsets({ admin, brokers, groupId, topic }) {
    const reader = new ShareGroupReader(brokers, groupId, topic);
    return { read: () => reader.offsets(admin), close: () => reader.close() };
  },
  async configure({ brokers, groupId }, consumer) {
    // The broker's default (`latest`) skips what was produced before a share partition's first
    // fetch: a run's first records could go unread, so the harness's share groups start at the beginning.
    const configs: Record<string, string> = { 'share.auto.offset.reset': 'earliest' };
    if (consumer.groupHeartbeatIntervalMs !== null) configs['share.heartbeat.interval.ms'] = String(consumer.groupHeartbeatIntervalMs);
    if (consumer.groupSessionTimeoutMs !== undefined) configs['share.session.timeout.ms'] = String(consumer.groupSessionTimeoutMs);
    if (consumer.groupAssignmentIntervalMs !== undefined) configs['share.assignment.interval.ms'] = String(consumer.groupAssignmentIntervalMs);
    if (consumer.shareRecordLockDurationMs !== undefined) configs['share.record.lock.duration.ms'] = String(consumer.shareRecordLockDurationMs);
    if (consumer.shareDeliveryCountLimit !== undefined) configs['share.delivery.count.limit'] = String(consumer.shareDeliveryCountLimit);
    await alterGroupConfigs(brokers, groupId, configs);
  },
  // The broker owns a share member's session: the group's config, else the broker's default.
  async sessionTimeout({ brokers, groupId }) {
    const found = await describeGroupConfig(brokers, groupId, 'share.session.timeout.ms').catch(() => undefined);
    if (!found) return { ms: 45_000, source: "assumed: the broker's default group.share.session.timeout.ms (the group config could not be read)" };
    return { ms: Number(found.value), source: found.groupSet ? "the group's share.session.timeout.ms" : "the broker's group.share.session.timeout.ms" };
  },
};
