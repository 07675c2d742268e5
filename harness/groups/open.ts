import type { ConsumerCell } from '../model/scenario.ts';
import type { GroupSample, LagSample } from '../model/samples.ts';
import { groupType } from './registry.ts';
import type { GroupTarget, GroupTypeDescriptor } from './types.ts';

/**
 * One group as a run or the lab watches it: its kind's reads bound to its id and topic. The
 * orchestrator asks this, never which kind of group it is.
 */
export interface WatchedGroup {
  readonly type: GroupTypeDescriptor;
  readMembers(): Promise<GroupSample>;
  readLag(): Promise<LagSample>;
  isSettled(sample: GroupSample, members: number, partitions: number): boolean;
  /** The group configs a cell's consumer settings ask for, before its first member joins. */
  configure(consumer: ConsumerCell): Promise<void>;
  close(): Promise<void>;
}

export async function watchGroup(typeName: string, target: GroupTarget): Promise<WatchedGroup> {
  const type = groupType(typeName);
  const probe = await type.probe();
  const members = probe.membership(target);
  return {
    type,
    readMembers: () => members.read(),
    readLag: () => probe.readLag(target.admin, target.topic, target.groupId),
    isSettled: (sample, n, partitions) => type.isSettled(sample, n, partitions),
    configure: (consumer) => probe.configure(target, consumer),
    close: () => members.close(),
  };
}
