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

/** A group config as the coordinator resolves it: the group's own value, else the broker's default. */
export async function describeGroupConfig(
  brokers: readonly string[],
  groupId: string,
  name: string,
): Promise<{ value: string; groupSet: boolean } | undefined> {
  const admin = new Admin({ clientId: 'ksb-group-config', bootstrapBrokers: [...brokers], retries: 0, timeout: 5000 });
  try {
    const [resource] = await admin.describeConfigs({
      resources: [{ resourceType: ConfigResourceTypes.GROUP, resourceName: groupId, configurationKeys: [name] }],
    });
    const entry = resource?.configs.find((c) => c.name === name);
    // ConfigSource 8 is GROUP_CONFIG (set on this group); the rest are the broker's.
    return entry?.value ? { value: entry.value, groupSet: entry.configSource === 8 } : undefined;
  } finally {
    await admin.close().catch(() => undefined);
  }
}
