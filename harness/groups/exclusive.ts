import type { GroupSample } from '../model/samples.ts';

/**
 * Settled for a group whose partitions each have one owner (classic and consumer protocol):
 * Stable with every expected member and every partition owned by exactly one of them.
 */
export function settledWithOneOwnerEach(sample: GroupSample, members: number, partitions: number): boolean {
  if (sample.state !== 'Stable' || sample.members.length !== members) return false;
  const owned = sample.members.flatMap((m) => m.partitions).sort((a, b) => a - b);
  return owned.length === partitions && owned.every((p, i) => p === i);
}
