import { HarnessError } from '../model/errors.ts';
import type { ConsumerCell } from '../model/scenario.ts';
import type { GroupSample, LagSample } from '../model/samples.ts';
import { readLag } from '../probes/lag.ts';
import { GroupTypeFinder, type ListedGroup } from './detect.ts';
import { findGroupType, groupType, groupTypeNames } from './registry.ts';
import type { GroupTarget, GroupTypeDescriptor, GroupTypeProbe, MembershipReader, OffsetsReader, SessionTimeout } from './types.ts';

/**
 * One group as a run or the lab watches it: its kind's reads bound to its id and topic. The
 * orchestrator asks this, never which kind of group it is.
 */
export interface WatchedGroup {
  /** The group's kind as Kafka reported it; undefined until the group is listed. */
  type(): GroupTypeDescriptor | undefined;
  readMembers(): Promise<GroupSample>;
  readLag(): Promise<LagSample>;
  isSettled(sample: GroupSample, members: number, partitions: number): boolean;
  /** The group configs a cell's consumer settings ask for, before its first member joins. */
  configure(consumer: ConsumerCell): Promise<void>;
  /** The group's session timeout; `client`: the members' own setting, where the run knows it. */
  sessionTimeout(client: SessionTimeout | undefined): Promise<SessionTimeout>;
  /** What the cluster shows of the group, for a message: `no group G on the cluster`, or its kind, state and members. */
  describe(sample: GroupSample | undefined): string;
  close(): Promise<void>;
}

/** A kind of group a run was told about, and where it was told (named when Kafka disagrees). */
export interface DeclaredGroupType {
  name: string;
  field: string;
}

/**
 * Watches a group whose kind is found from Kafka (ListGroups, as `kafka-consumer-groups
 * --describe` finds it), declared or not: until the group is listed its members read as none;
 * once listed, it is read as its kind must be asked. A declared kind that Kafka contradicts is an
 * error naming both, thrown by readMembers (the waits rethrow a HarnessError).
 */
export async function watchGroup(declared: DeclaredGroupType | undefined, target: GroupTarget): Promise<WatchedGroup> {
  const declaredType = declared ? groupType(declared.name) : undefined;
  const finder = new GroupTypeFinder(target.brokers);
  let listed: ListedGroup | undefined;
  let bound: { type: GroupTypeDescriptor; probe: GroupTypeProbe; members: MembershipReader; offsets: OffsetsReader } | undefined;

  const bind = async (found: ListedGroup) => {
    const type = findGroupType(found.type);
    if (!type) {
      throw new HarnessError(
        'GROUP_TYPE_MISMATCH',
        `group ${target.groupId} is a ${found.type} group on the cluster; the harness reads ${groupTypeNames().join(', ')} groups`,
      );
    }
    if (declaredType && declaredType.name !== type.name) {
      throw new HarnessError(
        'GROUP_TYPE_MISMATCH',
        `${declared!.field}: ${declaredType.name}, but Kafka reports group ${target.groupId} as a ${type.label} (${type.name})`,
        { hint: `leave ${declared!.field} out to have the group's kind found from Kafka, or make the replicas join as ${declaredType.name}` },
      );
    }
    const probe = await type.probe();
    bound = { type, probe, members: probe.membership(target), offsets: probe.offsets(target) };
  };

  return {
    type: () => bound?.type,
    async readMembers() {
      if (!bound) {
        const found = await finder.find(target.groupId);
        if (!found) return { at: Date.now(), state: 'Unknown', members: [] };
        listed = found;
        await bind(found);
      }
      return bound!.members.read();
    },
    // Until the group is listed its kind is unknown: committed offsets, which a group that has none reads as lag from the log start.
    readLag: () => (bound ? bound.offsets.read() : readLag(target.admin, target.topic, target.groupId)),
    isSettled: (sample, n, partitions) => bound?.type.isSettled(sample, n, partitions) ?? false,
    async configure(consumer) {
      // Group configs belong to the kind the replicas will join as: the declared one, else the cell's consumer settings'.
      const type = declaredType ?? findGroupType(consumer.groupProtocol);
      if (type) await (await type.probe()).configure(target, consumer);
    },
    async sessionTimeout(client) {
      const type = bound?.type ?? declaredType ?? groupType('classic');
      return (await type.probe()).sessionTimeout(target, client);
    },
    describe(sample) {
      if (!listed || !bound) return `no group ${target.groupId} on the cluster`;
      const members = sample?.members ?? [];
      const who = members.map((m) => `${m.clientId}${m.clientHost ? `@${m.clientHost}` : ''} [${m.partitions.join(', ')}]`).join(', ');
      return `group ${target.groupId}: ${bound.type.label} (${sample?.state ?? listed.state}), ${members.length} member(s)${who ? `: ${who}` : ''}`;
    },
    async close() {
      await bound?.members.close();
      await bound?.offsets.close();
      await finder.close();
    },
  };
}
