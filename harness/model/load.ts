/**
 * Data that crosses the load-generator seam. Everything here is plain, structured-cloneable
 * data: a plan goes to worker threads as is, and a result is written to JSON as is.
 * Times are epoch milliseconds (Date.now() basis); durations and latencies are milliseconds.
 */

export type Arrival = 'uniform' | 'poisson';

/** What each request carries: `{"productId": <1..productIds, uniform>, "qty": <qty>}`. */
export interface PayloadSpec {
  productIds: number;
  qty: number;
}

/** POST `{productId, qty}` to an order endpoint; an order is accepted on a 2xx with an order in the body. */
export interface HttpTargetSpec {
  kind: 'http';
  url: string;
  /**
   * A JSON template with {productId}, {qty}, {seq} (an external order endpoint): any 2xx is then
   * accepted, with the order id of the answer when it has one, else an empty id (not traceable).
   */
  body?: string;
}

/**
 * Produce OrderPlaced records (harness/model/order-placed.ts) straight to a topic, acks=all; a
 * record is accepted once the broker acknowledged it. Bypasses the order service, so consumer
 * scaling can be loaded far above what HTTP reaches.
 */
export interface KafkaTargetSpec {
  kind: 'kafka';
  brokers: string[];
  topic: string;
  key: 'none' | 'productId' | 'orderId';
  maxInFlight: number;
  maxBatch: number;
  /** kafkajs metadataMaxAge of the producer: how soon it writes to partitions added while it runs (kafkajs: 300000). */
  metadataMaxAgeMs?: number;
}

export type LoadTargetSpec = HttpTargetSpec | KafkaTargetSpec;

/**
 * One process's interleaved share of a cell's schedule: request i of the global schedule
 * belongs to segment i % count. Segments on several machines add up to the whole schedule.
 */
export interface Segment {
  index: number;
  count: number;
}

/**
 * A change of the offered rate at `atS` seconds from the schedule's start (warm-up included): to
 * `rate` requests/s at once (`overS` 0, a step), or linearly from the rate in force over `overS`
 * seconds (a ramp). The whole schedule, changes included, is known before the run.
 */
export interface RateChange {
  atS: number;
  rate: number;
  overS: number;
}

/** A resolved, validated plan (see plan.ts for the defaults and the input form). */
export interface LoadPlan {
  target: LoadTargetSpec;
  /** Offered rate, requests per second, over all workers: from the start, until the first rate change. */
  rate: number;
  /** The rate's changes in time order (timeline setRate/rampRate); absent or empty: constant, as in records before steps. */
  rateChanges?: RateChange[];
  durationS: number;
  /** When the schedule begins (epoch ms). */
  startAt: number;
  /** Requests intended before this (epoch ms) are warm-up: counted, never in the histograms. */
  measureFrom: number;
  /** Total connection budget, split across workers (each worker gets at least one). */
  connections: number;
  workers: number;
  arrival: Arrival;
  payload: PayloadSpec;
  requestTimeoutMs: number;
  /**
   * How long stop() lets in-flight requests finish before they are abandoned; also how long
   * after the schedule's end a backlog (requests due but never sent) may still go out.
   */
  stopGraceMs: number;
  /** Seeds the Poisson arrivals and the product ids, so a run can be repeated. */
  seed: number;
  /** { index: 0, count: 1 } when one process carries the whole schedule. */
  segment: Segment;
}

/**
 * How a request that did not count as `ok` ended: its HTTP status class, `bad_body` (a 2xx
 * whose body is not an order), `timeout` (no answer within requestTimeoutMs of the send) or
 * `network` (connection refused or reset...).
 */
export type ErrorClass = '1xx' | '3xx' | '4xx' | '5xx' | 'bad_body' | 'timeout' | 'network';

/**
 * Counters merge by addition. Each request ends exactly one way, so
 * `intended = ok + sum(errors) + abandoned` once a run is over.
 */
export interface RequestCounts {
  /** Requests whose intended send time was reached. */
  intended: number;
  /** Requests that got a connection (were actually sent). */
  sent: number;
  /** 2xx with an order in the body. */
  ok: number;
  errors: Partial<Record<ErrorClass, number>>;
  /** Still in flight (or queued for a connection) when stop()'s grace ran out. */
  abandoned: number;
}

/** An order the service accepted; the accounting reconciles these against the topic. */
export interface AcceptedOrder {
  orderId: string;
  createdAt: number;
  intendedAt: number;
  status: number;
}

/**
 * A recorded distribution. `encoded` is the lossless, mergeable form: a compressed base64
 * HdrHistogram of integer microseconds (3 significant digits); the other fields are
 * milliseconds derived from it (0 when count is 0).
 */
export interface HistogramSnapshot {
  count: number;
  minMs: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  encoded: string;
}

/**
 * One second of the run, merged across workers. Each event counts in the second it happened:
 * `intended` by intended time, `sent` by send time, outcomes and `latency` by completion time.
 * Warm-up seconds are included. The accepted orders are in LoadResult.accepted, built once the
 * run is over (see PeriodMerger).
 */
export interface PeriodStats extends RequestCounts {
  /** 0 for the second starting at plan.startAt. */
  index: number;
  startAt: number;
  /** Latency from intended send time of the requests answered in this second. */
  latency: HistogramSnapshot;
}

export interface LoadResult {
  mode: 'open-loop';
  plan: LoadPlan;
  /** The plan's base rate (before any rate change), this process's share of it. */
  targetRate: number;
  /**
   * Answered or failed requests actually sent inside the measured window (whenever they were
   * intended), per second of the window. Equals the target while the generator and the
   * connections keep up; past the ceiling it is the rate the target was really sent at (its
   * plateau), and the lateness shows in sendDelay. With rate changes it is the mean over the
   * window, to be read against measured.intended / measuredS, not against targetRate.
   */
  achievedRate: number;
  /** From measureFrom to the end of the schedule (or to stop()). */
  measuredS: number;
  /** Requests intended at or after measureFrom. */
  measured: RequestCounts;
  /** Every request, warm-up included. */
  total: RequestCounts;
  /** From intended send time to the end of the answer (includes any wait for a connection). */
  latency: HistogramSnapshot;
  /** From actual send (a connection assigned) to the end of the answer. */
  serviceTime: HistogramSnapshot;
  /** Actual send minus intended send: pacing lateness plus waiting for a free connection. */
  sendDelay: HistogramSnapshot;
  /** Every accepted order, warm-up included: each worker's in completion order, in chunks interleaved as they arrived. */
  accepted: AcceptedOrder[];
  periods: PeriodStats[];
  stoppedEarly: boolean;
}
