import { AssignerProtocol, type Admin } from 'kafkajs';
import type { GroupSample } from '../../model/samples.ts';
import { DEFAULT_SESSION_TIMEOUT_MS } from '../../model/timeline/takeover.ts';
import { readLag } from '../../probes/lag.ts';
import type { GroupTypeProbe } from '../types.ts';

/** Who owns what in a classic group, as the coordinator says (DescribeGroups), independent of the replicas. */
export async function describeClassicGroup(admin: Admin, groupId: string, topic: string): Promise<GroupSample> {
  const { groups } = await admin.describeGroups([groupId]);
  const group = groups[0];
  const at = Date.now();
  if (!group) return { at, state: 'Unknown', members: [] };
  return {
    at,
    state: group.state,
    members: group.members
      .map((m) => {
        let partitions: number[] = [];
        if (m.memberAssignment && m.memberAssignment.length > 0) {
          const decoded = AssignerProtocol.MemberAssignment.decode(m.memberAssignment);
          partitions = [...(decoded?.assignment[topic] ?? [])].sort((a, b) => a - b);
        }
        return { memberId: m.memberId, clientId: m.clientId, clientHost: m.clientHost, partitions };
      })
      .sort((a, b) => a.clientId.localeCompare(b.clientId)),
  };
}

export const classicProbe: GroupTypeProbe = {
  membership: ({ admin, groupId, topic }) => ({ read: () => describeClassicGroup(admin, groupId, topic), close: async () => undefined }),
  // The classic protocol's timings are the members' own settings: nothing to set on the group.
  configure: async () => undefined,
  offsets: ({ admin, topic, groupId }) => ({ read: () => readLag(admin, topic, groupId), close: async () => undefined }),
  // The members choose it (JoinGroup) and DescribeGroups does not report it.
  sessionTimeout: async (_target, client) => client ?? JAVA_CLIENT_DEFAULT,
};

/** What a classic member that sets nothing uses: the Java client's session.timeout.ms (Kafka 3.0+; librdkafka's is the same). */
const JAVA_CLIENT_DEFAULT = { ms: DEFAULT_SESSION_TIMEOUT_MS, source: "assumed: the Java client's default session.timeout.ms; set system.sessionTimeoutMs" };
