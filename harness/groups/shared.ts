import type { GroupSample } from '../model/samples.ts';

/**
 * Settled for a group whose members share partitions (a share group): Stable with every expected
 * member, every member assigned something, and every partition assigned to at least one member.
 * A partition held by several members is the normal case, not a rebalance in progress.
 */
export function settledWithEveryPartitionShared(sample: GroupSample, members: number, partitions: number): boolean {
  if (sample.state !== 'Stable' || sample.members.length !== members) return false;
  if (sample.members.some((m) => m.partitions.length === 0)) return false;
  const held = new Set(sample.members.flatMap((m) => m.partitions));
  return held.size === partitions && Array.from({ length: partitions }, (_, p) => p).every((p) => held.has(p));
}
