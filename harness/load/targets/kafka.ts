import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners, type Message } from 'kafkajs';
import type { OrderPlaced } from '../../../services/shared/order-placed.ts';
import { uniformInt } from '../random.ts';
import type { KafkaTargetSpec } from '../types.ts';
import type { LoadTarget, TargetContext, TargetRequest } from './types.ts';

interface KafkaRequest extends TargetRequest {
  orderId: string;
  createdAt: number;
}

/**
 * Produces each order as the OrderPlaced record the order service would write (same JSON, same
 * key modes, acks=all), straight to the topic. The requests due in one pass go out as one
 * produce request; while `maxInFlight` of them await the broker the next one waits, so a record
 * is sent once, at the latest with the next batch, and its send delay shows how far the
 * producer is behind. A record counts as accepted only once the broker acknowledged its batch.
 */
export async function kafkaTarget(spec: KafkaTargetSpec, ctx: TargetContext): Promise<LoadTarget> {
  const kafka = new Kafka({ clientId: 'ksb-load', brokers: spec.brokers, logLevel: logLevel.NOTHING, requestTimeout: ctx.requestTimeoutMs });
  const producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
    retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 },
  });
  await producer.connect();
  const { events, now, payload } = ctx;
  let batch: KafkaRequest[] = [];
  let messages: Message[] = [];
  let batchesInFlight = 0;
  const open = new Set<KafkaRequest>();

  const keyOf = (e: OrderPlaced): string | null =>
    spec.key === 'productId' ? String(e.productId) : spec.key === 'orderId' ? e.orderId : null;

  const produce = (records: KafkaRequest[], values: Message[]): void => {
    batchesInFlight++;
    producer
      .send({ topic: spec.topic, acks: -1, timeout: ctx.requestTimeoutMs, messages: values })
      .then(
        () => {
          for (const r of records) if (!r.settled && open.delete(r)) events.settled(r, { kind: 'ok', status: 0, order: { orderId: r.orderId, createdAt: r.createdAt } });
        },
        (err: unknown) => {
          const timeout = /timed? ?out/i.test(err instanceof Error ? err.message : String(err));
          for (const r of records) if (!r.settled && open.delete(r)) events.settled(r, { kind: 'error', cls: timeout ? 'timeout' : 'network' });
        },
      )
      .finally(() => batchesInFlight--);
  };

  return {
    free: () => (batchesInFlight < spec.maxInFlight ? spec.maxBatch - batch.length : 0),
    inFlight: () => open.size,
    send(base: TargetRequest): void {
      const r = base as KafkaRequest;
      const t = now();
      r.sentAt = t;
      r.createdAt = Math.floor(t);
      r.orderId = randomUUID();
      const event: OrderPlaced = { type: 'OrderPlaced', orderId: r.orderId, productId: uniformInt(ctx.random, payload.productIds), qty: payload.qty, createdAt: r.createdAt };
      batch.push(r);
      messages.push({ key: keyOf(event), value: JSON.stringify(event) });
      open.add(r);
      events.sent(r);
    },
    flush(): void {
      if (batch.length === 0) return;
      const records = batch;
      const values = messages;
      batch = [];
      messages = [];
      produce(records, values);
    },
    abort(): TargetRequest[] {
      const out = [...open];
      open.clear();
      for (const r of out) r.settled = true;
      return out;
    },
    close: () => producer.disconnect().catch(() => {}),
  };
}
