import { Admin, Connection, FindCoordinatorKeyTypes, Writer, createAPI, type Reader } from '@platformatic/kafka';

interface DescribedMember {
  memberId: string;
  memberEpoch: number;
  clientId: string;
  assignment: Array<{ topicName: string; partitions: number[] }>;
}

interface DescribedGroup {
  errorCode: number;
  errorMessage: string | null;
  groupId: string;
  groupState: string;
  groupEpoch: number;
  members: DescribedMember[];
}

/**
 * ConsumerGroupDescribe v0 (KIP-848). Parsed here rather than with @platformatic/kafka 1.35's
 * own parser, which reads `subscribed_topic_names` as one string (it is an array) and skips the
 * assignment structs' tagged fields, so it fails on every group that has members.
 */
const consumerGroupDescribe = createAPI<[groupIds: string[]], { groups: DescribedGroup[] }>(
  69,
  0,
  (groupIds: string[]) =>
    Writer.create()
      .appendArray(groupIds, (w, id) => w.appendString(id), true, false)
      .appendBoolean(false)
      .appendTaggedFields(),
  (_correlationId: number, _apiKey: number, _apiVersion: number, reader: Reader) => {
    reader.readInt32(); // throttle_time_ms
    const assignment = (r: Reader) => {
      const topics = r.readArray((t) => {
        t.readUUID();
        const topicName = t.readString();
        return { topicName, partitions: t.readArray(() => t.readInt32(), true, false) };
      });
      r.readTaggedFields();
      return topics;
    };
    const groups = reader.readArray((r) => {
      const errorCode = r.readInt16();
      const errorMessage = r.readNullableString();
      const groupId = r.readString();
      const groupState = r.readString();
      const groupEpoch = r.readInt32();
      r.readInt32(); // assignment_epoch
      r.readString(); // assignor_name
      const members = r.readArray((m) => {
        const memberId = m.readString();
        m.readNullableString(); // instance_id
        m.readNullableString(); // rack_id
        const memberEpoch = m.readInt32();
        const clientId = m.readString();
        m.readString(); // client_host
        m.readArray((x) => x.readString(), true, false); // subscribed_topic_names
        m.readNullableString(); // subscribed_topic_regex
        const current = assignment(m);
        assignment(m); // target_assignment
        return { memberId, memberEpoch, clientId, assignment: current };
      });
      r.readInt32(); // authorized_operations
      return { errorCode, errorMessage, groupId, groupState, groupEpoch, members };
    });
    reader.readTaggedFields();
    return { groups };
  },
);
import type { GroupSample } from '../../model/samples.ts';

/**
 * KIP-848 groups (`group.protocol=consumer`) are not described by DescribeGroups: the
 * coordinator answers ConsumerGroupDescribe (API 69) instead, which kafkajs does not speak.
 * @platformatic/kafka does: its Admin finds the coordinator, its raw API describes the group.
 * One connection to the coordinator is kept between samples and dropped when a call fails.
 */
export class ConsumerGroupDescriber {
  private readonly admin: Admin;
  private coordinator: { nodeId: number; connection: Connection } | undefined;

  constructor(brokers: readonly string[]) {
    this.admin = new Admin({ clientId: 'ksb-probe', bootstrapBrokers: [...brokers], retries: 0, timeout: 5000 });
  }

  async describe(groupId: string): Promise<DescribedGroup | undefined> {
    try {
      const connection = await this.connection(groupId);
      const response = await consumerGroupDescribe.async(connection, [groupId]);
      return response.groups[0];
    } catch (err) {
      this.drop();
      throw err;
    }
  }

  async read(groupId: string, topic: string): Promise<GroupSample> {
    const group = await this.describe(groupId);
    const at = Date.now();
    // GROUP_ID_NOT_FOUND (69) while no member has joined yet.
    if (group?.errorCode !== 0 || group.groupState === 'Dead') return { at, state: 'Unknown', members: [] };
    return {
      at,
      state: group.groupState,
      members: group.members
        .map((m) => ({
          memberId: m.memberId,
          clientId: m.clientId,
          partitions: [...(m.assignment.find((t) => t.topicName === topic)?.partitions ?? [])].sort((a, b) => a - b),
          epoch: m.memberEpoch,
        }))
        .sort((a, b) => a.clientId.localeCompare(b.clientId)),
    };
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
