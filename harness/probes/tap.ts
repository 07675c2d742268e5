import { createWriteStream, type WriteStream } from 'node:fs';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import type { TapRecord } from '../model/kafka-observation.ts';

export interface Tap {
  /** Records read so far. */
  count(): number;
  failures(): number;
  stop(): Promise<void>;
}

export async function startTap(o: { brokers: string[]; topic: string; groupId: string; file: string; from?: Map<number, number> }): Promise<Tap> {
  const kafka = new Kafka({ clientId: 'ksb-tap', brokers: o.brokers, logLevel: logLevel.NOTHING });
  // New partitions must be found within a couple of seconds of an alter, like the group's.
  const consumer: Consumer = kafka.consumer({
    groupId: o.groupId,
    metadataMaxAge: 1000,
    sessionTimeout: 10_000,
    heartbeatInterval: 1000,
    maxWaitTimeInMs: 100,
  });
  const out: WriteStream = createWriteStream(o.file);
  let count = 0;
  let failures = 0;
  consumer.on(consumer.events.CRASH, () => failures++);
  await consumer.connect();
  await consumer.subscribe({ topic: o.topic, fromBeginning: true });
  let seeked = false;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    if (seeked || !o.from) return;
    seeked = true;
    for (const [partition, offset] of o.from) consumer.seek({ topic: o.topic, partition, offset: String(offset) });
  });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      let lines = '';
      for (const m of batch.messages) {
        const record: TapRecord = { p: batch.partition, o: Number(m.offset), t: Number(m.timestamp) };
        const id = orderIdOf(m.value);
        if (id !== undefined) record.id = id;
        lines += `${JSON.stringify(record)}\n`;
        count++;
      }
      out.write(lines);
    },
  });
  return {
    count: () => count,
    failures: () => failures,
    async stop() {
      await consumer.disconnect().catch(() => failures++);
      await new Promise<void>((resolve) => out.end(resolve));
    },
  };
}

function orderIdOf(value: Buffer | null): string | undefined {
  if (!value || value.length === 0 || value[0] !== 0x7b) return undefined;
  try {
    const parsed = JSON.parse(value.toString('utf8')) as { orderId?: unknown };
    return typeof parsed.orderId === 'string' ? parsed.orderId : undefined;
  } catch {
    return undefined;
  }
}
