import type { Admin, ITopicConfig } from 'kafkajs';

/**
 * Creates a topic and waits until every partition has a leader. kafkajs's own `waitForLeaders`
 * gives up with "This server does not host this topic-partition" when the broker's metadata
 * lags the controller (seen on a loaded machine); here that answer only means "not yet".
 */
export async function createTopicAndWait(admin: Admin, topic: ITopicConfig, timeoutMs = 30_000): Promise<void> {
  await admin.createTopics({ topics: [topic], waitForLeaders: false });
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic.topic] });
      const partitions = topics[0]?.partitions ?? [];
      if (partitions.length >= (topic.numPartitions ?? 1) && partitions.every((p) => p.leader >= 0)) return;
      last = `${partitions.filter((p) => p.leader >= 0).length} of ${topic.numPartitions ?? 1} partitions have a leader`;
    } catch (err) {
      last = err;
    }
    if (Date.now() >= deadline) {
      const why = last instanceof Error ? last.message : String(last);
      throw new Error(`topic ${topic.topic} has no leader for every partition after ${timeoutMs / 1000} s (${why})`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
