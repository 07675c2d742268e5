import { AssignerProtocol, type Admin } from 'kafkajs';
import type { GroupProtocol } from '../model/journal.ts';
import type { GroupSample } from '../model/samples.ts';
import { ConsumerGroupReader } from './consumer-group.ts';

/** Who owns what in a classic group, as the coordinator says (DescribeGroups), independent of the replicas. */
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

/** Reads a group's members and assignments whatever its protocol: the one seam the cell runner probes. */
export interface GroupReader {
  read(): Promise<GroupSample>;
  close(): Promise<void>;
}

export function groupReader(protocol: GroupProtocol, o: { admin: Admin; brokers: readonly string[]; groupId: string; topic: string }): GroupReader {
  if (protocol === 'consumer') {
    const reader = new ConsumerGroupReader(o.brokers);
    return { read: () => reader.read(o.groupId, o.topic), close: () => reader.close() };
  }
  return { read: () => readGroup(o.admin, o.groupId, o.topic), close: async () => undefined };
}
