import { Admin, ConfigResourceTypes } from '@platformatic/kafka';
import { describe, expect, inject, it } from 'vitest';
import { consumer } from '../../harness/groups/consumer/descriptor.ts';
import { expand } from '../../harness/scenario/expand.ts';
import { assertValidScenario } from '../../harness/scenario/validate.ts';
import { uniqueName } from '../support/services.ts';

const brokers = inject('kafkaBrokers').split(',');

/** A group's configs as the coordinator reports them (DescribeConfigs on the GROUP resource). */
async function groupConfigs(groupId: string): Promise<Record<string, string | null | undefined>> {
  const admin = new Admin({ clientId: 'ksb-test', bootstrapBrokers: brokers, retries: 2 });
  try {
    const [described] = await admin.describeConfigs({ resources: [{ resourceType: ConfigResourceTypes.GROUP, resourceName: groupId }] });
    return Object.fromEntries((described?.configs ?? []).map((c) => [c.name, c.value]));
  } finally {
    await admin.close();
  }
}

describe('a consumer-protocol group configured before its run (the suite broker: Kafka 4.4.0)', () => {
  it('sets consumer.heartbeat.interval.ms and consumer.assignment.interval.ms from the consumer settings', async () => {
    const scenario = assertValidScenario(
      {
        topology: {
          partitions: 1,
          replicas: 1,
          consumer: { client: 'java', groupProtocol: 'consumer', groupHeartbeatIntervalMs: 1000, groupAssignmentIntervalMs: 0 },
        },
        load: { rate: 10, durationS: 1 },
      },
      'group-config.yaml',
    );
    const cell = expand(scenario)[0]!;
    const groupId = uniqueName('ksb-group-config');
    const probe = await consumer.probe();
    await probe.configure({ brokers, groupId }, cell.topology.consumer);
    const configs = await groupConfigs(groupId);
    expect(configs['consumer.heartbeat.interval.ms']).toBe('1000');
    expect(configs['consumer.assignment.interval.ms']).toBe('0');
  });
});
