import type { Admin } from 'kafkajs';
import type { LagSample } from '../model/samples.ts';

/**
 * Lag in messages per partition, as kafka-consumer-groups computes it: log end offset minus
 * the group's committed offset. With no commit yet, lag counts from the log start (the
 * group reads from the beginning), where the tool prints "-".
 */
export async function readLag(admin: Admin, topic: string, groupId: string): Promise<LagSample> {
  const [ends, committed] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
  const at = Date.now();
  const committedByPartition = new Map<number, number>();
  for (const t of committed) for (const p of t.partitions) committedByPartition.set(p.partition, Number(p.offset));
  return {
    at,
    partitions: ends
      .map((e) => {
        const end = Number(e.high);
        const c = committedByPartition.get(e.partition);
        const has = c !== undefined && c >= 0;
        return { partition: e.partition, end, committed: has ? c : null, lag: Math.max(0, end - (has ? c : Number(e.low))) };
      })
      .sort((a, b) => a.partition - b.partition),
  };
}

export const totalLag = (s: LagSample) => s.partitions.reduce((sum, p) => sum + p.lag, 0);
