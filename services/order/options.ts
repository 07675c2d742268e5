import type { Argv } from 'yargs';
import { FlagProblems } from '../shared/flags.ts';
import { brokersFrom, topicFrom, DEFAULT_TOPIC } from '../shared/kafka.ts';

export type KeyMode = 'none' | 'productId' | 'orderId';
export type Acks = -1 | 0 | 1;
export type ProducerClient = 'kafkajs' | 'platformatic';

export interface OrderOptions {
  port: number;
  host: string;
  brokers: string[];
  topic: string;
  /** The Kafka client that produces the events. */
  client: ProducerClient;
  /** Record key: none spreads round-robin over partitions, productId keeps a product in one partition. */
  key: KeyMode;
  /** -1 all in-sync replicas, 1 the leader, 0 no acknowledgement at all (201 = the event left the process). */
  acks: Acks;
  /** How long the first pending order waits for company before its batch is sent; 0: until the end of the event-loop turn. */
  lingerMs: number;
  maxBatch: number;
  /** Batches sent at once; 1 keeps the send order equal to the arrival order. */
  maxInFlight: number;
  /** Upper bound on how long a POST /orders waits for the broker before it answers 503. */
  requestTimeoutMs: number;
  /** How often the producer refreshes metadata, i.e. how late it sees added partitions. */
  metadataMaxAgeMs: number;
  maxBodyBytes: number;
  /** Orders kept for GET /orders/:id; the oldest are forgotten first. */
  keepOrders: number;
}

export const ORDER_DEFAULTS = {
  port: 8081,
  host: '127.0.0.1',
  topic: DEFAULT_TOPIC,
  client: 'kafkajs',
  key: 'none',
  acks: -1,
  lingerMs: 0,
  maxBatch: 500,
  maxInFlight: 1,
  requestTimeoutMs: 5000,
  metadataMaxAgeMs: 300_000,
  maxBodyBytes: 16 * 1024,
  keepOrders: 100_000,
} as const satisfies Omit<OrderOptions, 'brokers'>;

const d = ORDER_DEFAULTS;

/** Declares the flags (all as strings: conversion and range checks live in resolveOrderOptions). */
export function declareOrderFlags(cli: Argv): Argv {
  return cli.options({
    port: { type: 'string', default: String(d.port), describe: 'HTTP port (0 picks a free one)' },
    host: { type: 'string', default: d.host, describe: 'HTTP interface to listen on' },
    brokers: { type: 'string', describe: 'bootstrap servers host:port,... (default: KAFKA_BROKERS or 127.0.0.1:9092)' },
    topic: { type: 'string', default: d.topic, describe: 'topic the OrderPlaced events go to (never created here)' },
    client: { type: 'string', default: d.client, describe: 'producer client: kafkajs | platformatic (@platformatic/kafka)' },
    key: { type: 'string', default: d.key, describe: 'record key: none|productId|orderId' },
    acks: { type: 'string', default: String(d.acks), describe: '-1 (all ISR) | 1 (leader) | 0 (no ack: answer once sent)' },
    'linger-ms': { type: 'string', default: String(d.lingerMs), describe: 'wait this long to fill a batch (0: the orders of one event-loop turn go together)' },
    'max-batch': { type: 'string', default: String(d.maxBatch), describe: 'orders per producer send at most' },
    'max-in-flight': { type: 'string', default: String(d.maxInFlight), describe: 'batches awaiting acknowledgement at once' },
    'request-timeout-ms': { type: 'string', default: String(d.requestTimeoutMs), describe: 'answer 503 if the broker has not acknowledged by then' },
    'metadata-max-age-ms': { type: 'string', default: String(d.metadataMaxAgeMs), describe: 'producer metadata refresh period (when new partitions get used)' },
    'max-body-bytes': { type: 'string', default: String(d.maxBodyBytes), describe: 'larger request bodies get 413' },
    'keep-orders': { type: 'string', default: String(d.keepOrders), describe: 'orders remembered for GET /orders/:id' },
  });
}

export function resolveOrderOptions(args: Record<string, unknown>, env: NodeJS.ProcessEnv): OrderOptions {
  const p = new FlagProblems('ORDER');
  const options: OrderOptions = {
    port: p.integer('port', args.port, { min: 0, max: 65535 }),
    host: p.text('host', args.host, { pattern: /^[A-Za-z0-9.:_-]+$/, expected: 'a host name or IP address' }),
    brokers: brokersFrom(args.brokers, env, p),
    topic: topicFrom(args.topic, p),
    client: p.choice('client', args.client, ['kafkajs', 'platformatic'] as const),
    key: p.choice('key', args.key, ['none', 'productId', 'orderId'] as const),
    acks: Number(p.choice('acks', args.acks, ['-1', '1', '0'] as const)) as Acks,
    lingerMs: p.integer('linger-ms', args.lingerMs, { min: 0, max: 1000 }),
    maxBatch: p.integer('max-batch', args.maxBatch, { min: 1, max: 100_000 }),
    maxInFlight: p.integer('max-in-flight', args.maxInFlight, { min: 1, max: 16 }),
    requestTimeoutMs: p.integer('request-timeout-ms', args.requestTimeoutMs, { min: 100, max: 600_000 }),
    metadataMaxAgeMs: p.integer('metadata-max-age-ms', args.metadataMaxAgeMs, { min: 100 }),
    maxBodyBytes: p.integer('max-body-bytes', args.maxBodyBytes, { min: 64, max: 64 * 1024 * 1024 }),
    keepOrders: p.integer('keep-orders', args.keepOrders, { min: 0 }),
  };
  p.throwIfAny();
  return options;
}
