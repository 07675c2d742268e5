import { AssignerProtocol, type PartitionAssigner } from 'kafkajs';

/**
 * The classic protocol's range assignment (Java's RangeAssignor, protocol name "range"), which
 * kafkajs does not ship: per topic, members sorted by id each take a contiguous block of
 * partitions, the first `partitions % members` one more. With one topic and as many partitions
 * as members it gives what round robin gives; with more partitions the blocks differ.
 */
export const RangeAssigner: PartitionAssigner = ({ cluster }) => ({
  name: 'range',
  version: 0,
  async assign({ members, topics }) {
    const memberIds = members.map((m) => m.memberId).sort();
    const assignment = new Map<string, Record<string, number[]>>(memberIds.map((id) => [id, {}]));
    for (const topic of topics) {
      const partitions = cluster
        .findTopicPartitionMetadata(topic)
        .map((m) => m.partitionId)
        .sort((a, b) => a - b);
      const base = Math.floor(partitions.length / memberIds.length);
      const extra = partitions.length % memberIds.length;
      let next = 0;
      memberIds.forEach((id, i) => {
        const count = base + (i < extra ? 1 : 0);
        assignment.get(id)![topic] = partitions.slice(next, next + count);
        next += count;
      });
    }
    return memberIds.map((memberId) => ({
      memberId,
      memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: this.version, assignment: assignment.get(memberId)!, userData: Buffer.alloc(0) }),
    }));
  },
  protocol({ topics }) {
    return { name: this.name, metadata: AssignerProtocol.MemberMetadata.encode({ version: this.version, topics, userData: Buffer.alloc(0) }) };
  },
});
