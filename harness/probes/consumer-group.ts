import { Admin, Connection, ConfigResourceTypes, FindCoordinatorKeyTypes, consumerGroupDescribeV0 } from '@platformatic/kafka';

type DescribedGroup = consumerGroupDescribeV0.ConsumerGroupDescribeResponseGroup;
import type { GroupSample } from '../results/raw.ts';

/**
 * KIP-848 groups (`group.protocol=consumer`) are not described by DescribeGroups: the
 * coordinator answers ConsumerGroupDescribe (API 69) instead, which kafkajs does not speak.
 * @platformatic/kafka does: its Admin finds the coordinator, its raw API describes the group.
 * One connection to the coordinator is kept between samples and dropped when a call fails.
 */
export class ConsumerGroupReader {
  private readonly admin: Admin;
  private coordinator: { nodeId: number; connection: Connection } | undefined;

  constructor(brokers: readonly string[]) {
    this.admin = new Admin({ clientId: 'ksb-probe', bootstrapBrokers: [...brokers], retries: 0, timeout: 5000 });
  }

  async describe(groupId: string): Promise<DescribedGroup | undefined> {
    try {
      const connection = await this.connection(groupId);
      const response = await consumerGroupDescribeV0.api.async(connection, [groupId], false);
      return response.groups[0];
    } catch (err) {
      this.drop();
      throw err;
    }
  }

  async read(groupId: string, topic: string): Promise<GroupSample> {
    const group = await this.describe(groupId);
    const at = Date.now();
    if (!group || group.groupState === 'Dead' || group.groupState === '') return { at, state: 'Unknown', members: [] };
    return {
      at,
      state: group.groupState,
      members: group.members
        .map((m) => ({
          memberId: m.memberId,
          clientId: m.clientId,
          partitions: [...(m.assignment.topicPartitions.find((t) => t.topicName === topic)?.partitions ?? [])].sort((a, b) => a - b),
          epoch: m.memberEpoch,
        }))
        .sort((a, b) => a.clientId.localeCompare(b.clientId)),
    };
  }

  /** A group's own `consumer.heartbeat.interval.ms` (KIP-848 group config), set before its members join. */
  async setHeartbeatInterval(groupId: string, ms: number): Promise<void> {
    await this.admin.incrementalAlterConfigs({
      resources: [{ resourceType: ConfigResourceTypes.GROUP, resourceName: groupId, configs: [{ name: 'consumer.heartbeat.interval.ms', configOperation: 0, value: String(ms) }] }],
    });
  }

  async close(): Promise<void> {
    this.drop();
    await this.admin.close().catch(() => undefined);
  }

  private async connection(groupId: string): Promise<Connection> {
    if (this.coordinator) return this.coordinator.connection;
    const [found] = await this.admin.findCoordinator({ keyType: FindCoordinatorKeyTypes.GROUP, keys: [groupId] });
    if (!found) throw new Error(`no coordinator found for group ${groupId}`);
    const connection = new Connection('ksb-probe', { connectTimeout: 5000 });
    await connection.connect(found.host, found.port);
    this.coordinator = { nodeId: found.nodeId, connection };
    return connection;
  }

  private drop(): void {
    const c = this.coordinator;
    this.coordinator = undefined;
    if (c) void c.connection.close().catch(() => undefined);
  }
}
