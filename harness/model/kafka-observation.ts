/**
 * What the harness sees of a consumer group from Kafka alone, as the raw record keeps it: the
 * offsets and group samples, the tap's records, and the stock a system reported.
 */
import type { GroupSample, LagSample } from './samples.ts';

export interface KafkaObservation {
  /** The intervals asked for; the analysis measures the ones reached. */
  offsetsIntervalMs: number;
  groupIntervalMs: number;
  offsets: LagSample[];
  group: GroupSample[];
  /** The group's kind as Kafka listed it (ListGroups): classic, consumer; unset when it was never listed or in older records. */
  groupType?: string;
  /** memberId -> replica name, where the harness knows which process a member is. */
  members: Record<string, string>;
  tapFile: string;
  tapRecords: number;
  /** The topic's message.timestamp.type: the tap's timestamps are append times only for LogAppendTime. */
  timestampType: string;
  /** Reads that failed, per probe: the figures built on a probe with failures are coarser. */
  failures: { offsets: number; group: number; tap: number };
  /** With system.stockUrl: each replica's stock before the load and after the drain. */
  stock?: StockReading[];
}

/**
 * One line of the tap (kafka-tap.ndjson): the topic read by the harness's own reader, so every
 * offset gets its record's timestamp and, where the payload has one, its order id:
 * `{"p":0,"o":12,"t":1732572000123,"id":"..."}`.
 */
export interface TapRecord {
  p: number;
  o: number;
  /** The record's timestamp: the broker's append time on a LogAppendTime topic, else the producer's create time. */
  t: number;
  id?: string;
}

/**
 * The stock a replica reports, read the way the lab does (`GET .../inventories/{productId}`):
 * the answer is a JSON number or an object with a numeric `stock`. With a reading before the
 * load and one after the drain, the decrements add up to what the group processed; more than
 * that is orders processed twice.
 */
export interface StockReading {
  replica: string;
  productId: number;
  url: string;
  before: number;
  /** Null when it could not be read at the end (a killed replica's memory is gone). */
  after: number | null;
}
