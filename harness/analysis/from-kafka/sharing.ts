import type { GroupSample } from '../../model/samples.ts';

/** Members that some sample shows holding a partition another member holds too (only a share group's do). */
export function sharingMembers(group: readonly GroupSample[]): Set<string> {
  const shared = new Set<string>();
  for (const s of group) {
    for (const m of s.members) if (m.partitions.some((p) => s.members.some((o) => o !== m && o.partitions.includes(p)))) shared.add(m.memberId);
  }
  return shared;
}
