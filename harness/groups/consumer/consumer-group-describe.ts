import { consumerGroupDescribeV0, protocolErrorsCodesById, ResponseError } from '@platformatic/kafka';
import type { GroupSample } from '../../model/samples.ts';
import { CoordinatorConnection } from '../coordinator.ts';

type ConsumerGroupDescribeResponse = consumerGroupDescribeV0.ConsumerGroupDescribeResponse;
type DescribedGroup = ConsumerGroupDescribeResponse['groups'][number];
type Assignment = DescribedGroup['members'][number]['assignment'];

/**
 * KIP-848 groups (`group.protocol=consumer`) are not described by DescribeGroups: the
 * coordinator answers ConsumerGroupDescribe (API 69) instead, which kafkajs does not speak.
 * @platformatic/kafka does: its Admin finds the coordinator, and its own ConsumerGroupDescribe v0
 * definition describes the group (its parser reads groups with members since 2.x; 1.x read
 * `subscribed_topic_names` as one string and skipped the tagged fields, so this file parsed it).
 * A member's `assignment` is what the coordinator has handed it in a heartbeat answer plus, since
 * Kafka 4.0, what it has yet to acknowledge revoking; its `targetAssignment` is its part of the
 * target computed for the group's `assignmentEpoch`. Both are recorded: a member has reconciled
 * when they are equal and its epoch is the assignment epoch.
 */
export class ConsumerGroupDescriber {
  private readonly coordinator: CoordinatorConnection;

  constructor(brokers: readonly string[]) {
    this.coordinator = new CoordinatorConnection(brokers);
  }

  async describe(groupId: string): Promise<DescribedGroup | undefined> {
    try {
      const connection = await this.coordinator.get(groupId);
      const response = await consumerGroupDescribeV0.api.async(connection, [groupId], false);
      return response.groups[0];
    } catch (err) {
      // The library throws a group's error code with the parsed answer. GROUP_ID_NOT_FOUND is
      // the answer while no member has joined; any other (NOT_COORDINATOR after the coordinator
      // moved, COORDINATOR_LOAD_IN_PROGRESS) also reads as an unknown group, and the next read
      // asks for the coordinator again.
      const answered = err instanceof ResponseError ? (err.response as ConsumerGroupDescribeResponse | undefined)?.groups?.[0] : undefined;
      if (!answered || protocolErrorsCodesById[answered.errorCode] !== 'GROUP_ID_NOT_FOUND') this.coordinator.drop();
      if (answered) return answered;
      throw err;
    }
  }

  async read(groupId: string, topic: string): Promise<GroupSample> {
    const group = await this.describe(groupId);
    const at = Date.now();
    // GROUP_ID_NOT_FOUND while no member has joined yet.
    if (group?.errorCode !== 0 || group.groupState === 'Dead') return { at, state: 'Unknown', members: [] };
    const partitionsOf = (a: Assignment) => [...(a.topicPartitions.find((t) => t.topicName === topic)?.partitions ?? [])].sort((x, y) => x - y);
    return {
      at,
      state: group.groupState,
      groupEpoch: group.groupEpoch,
      assignmentEpoch: group.assignmentEpoch,
      members: group.members
        .map((m) => ({
          memberId: m.memberId,
          clientId: m.clientId,
          clientHost: m.clientHost,
          partitions: partitionsOf(m.assignment),
          epoch: m.memberEpoch,
          targetPartitions: partitionsOf(m.targetAssignment),
        }))
        .sort((a, b) => a.clientId.localeCompare(b.clientId)),
    };
  }

  async close(): Promise<void> {
    await this.coordinator.close();
  }
}
