/**
 * Under the consumer protocol (KIP-848) the broker computes each member's target assignment and
 * hands it out in ConsumerGroupHeartbeat responses; a member reconciles towards it one step at a
 * time (first it gives up partitions, then it takes new ones). These pure functions turn two
 * successive assignments into the journal's group steps.
 */

/** One journaled step: the partitions it concerns and the member's whole assignment after it. */
export interface AssignmentStep {
  type: 'revoked' | 'assigned';
  partitions: number[];
  owned: number[];
}

const sorted = (partitions: Iterable<number>): number[] => [...new Set(partitions)].sort((a, b) => a - b);

/**
 * From the assignment the member owns to the one a heartbeat carries: a `revoked` step for
 * what is taken away, then an `assigned` step for what is added; nothing when they are equal.
 * Partitions the member keeps appear in neither step, only in `owned`.
 */
export function assignmentSteps(before: readonly number[], after: readonly number[]): AssignmentStep[] {
  const from = new Set(before);
  const to = new Set(after);
  const revoked = sorted(before.filter((p) => !to.has(p)));
  const added = sorted(after.filter((p) => !from.has(p)));
  const steps: AssignmentStep[] = [];
  if (revoked.length > 0) steps.push({ type: 'revoked', partitions: revoked, owned: sorted(before.filter((p) => to.has(p))) });
  if (added.length > 0) steps.push({ type: 'assigned', partitions: added, owned: sorted(after) });
  return steps;
}

/** The partitions of one topic in a heartbeat's assignment, which names topics by id. */
export function partitionsOfTopic(topicPartitions: ReadonlyArray<{ topicId: string; partitions: readonly number[] }>, topicId: string | undefined): number[] {
  // Without the topic's id (no metadata yet) every entry counts: the member subscribes to one topic.
  return sorted(topicPartitions.filter((tp) => topicId === undefined || tp.topicId === topicId).flatMap((tp) => tp.partitions));
}
