import { AssignerProtocol, type Admin } from 'kafkajs';
import type { GroupSample } from '../results/raw.ts';

/** Who owns what, as the group coordinator says (DescribeGroups), independent of the replicas. */
export async function readGroup(admin: Admin, groupId: string, topic: string): Promise<GroupSample> {
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
        return { memberId: m.memberId, clientId: m.clientId, partitions };
      })
      .sort((a, b) => a.clientId.localeCompare(b.clientId)),
  };
}

/** Stable with every expected member and every partition owned by exactly one of them. */
export function isSettled(sample: GroupSample, members: number, partitions: number): boolean {
  if (sample.state !== 'Stable' || sample.members.length !== members) return false;
  const owned = sample.members.flatMap((m) => m.partitions).sort((a, b) => a - b);
  return owned.length === partitions && owned.every((p, i) => p === i);
}
