/**
 * A group's own configs (KIP-848 group configs such as `consumer.heartbeat.interval.ms`), set with
 * IncrementalAlterConfigs on the GROUP resource before its first member joins. kafkajs has no
 * GROUP resource type; @platformatic/kafka's Admin does.
 */
import { Admin, ConfigResourceTypes } from '@platformatic/kafka';

export async function alterGroupConfigs(brokers: readonly string[], groupId: string, configs: Record<string, string>): Promise<void> {
  const admin = new Admin({ clientId: 'ksb-group-config', bootstrapBrokers: [...brokers], retries: 0, timeout: 5000 });
  try {
    await admin.incrementalAlterConfigs({
      resources: [
        {
          resourceType: ConfigResourceTypes.GROUP,
          resourceName: groupId,
          configs: Object.entries(configs).map(([name, value]) => ({ name, configOperation: 0, value })),
        },
      ],
    });
  } finally {
    await admin.close().catch(() => undefined);
  }
}
