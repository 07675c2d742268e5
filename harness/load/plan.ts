import { HarnessError } from '../model/errors.ts';
import type { Arrival, KafkaTargetSpec, LoadPlan, PayloadSpec, RateChange, Segment } from '../model/load.ts';

/**
 * A plan as a caller writes it; omitted fields take LOAD_PLAN_DEFAULTS. The target is either
 * `url` (POST each order over HTTP) or `kafka` (produce each OrderPlaced record to a topic).
 */
export interface LoadPlanInput {
  url?: string;
  /** With url: the body template (see HttpTargetSpec.body). */
  body?: string;
  kafka?: KafkaTargetInput;
  rate: number;
  durationS: number;
  /** Changes of the rate at seconds from startAt, in time order (see RateChange). */
  rateChanges?: RateChange[];
  startAt?: number;
  measureFrom?: number;
  connections?: number;
  workers?: number;
  arrival?: Arrival;
  payload?: PayloadSpec;
  requestTimeoutMs?: number;
  stopGraceMs?: number;
  seed?: number;
  /** This process's share of the schedule when several processes (machines) carry one cell. */
  segment?: Segment;
}

export interface KafkaTargetInput {
  brokers: string[];
  topic: string;
  key?: KafkaTargetSpec['key'];
  /** Produce requests awaiting acknowledgement at once, per worker. */
  maxInFlight?: number;
  /** Records per produce request at most. */
  maxBatch?: number;
  /** How soon the producer sees partitions added while it runs (kafkajs's default: 5 min). */
  metadataMaxAgeMs?: number;
}

export const LOAD_PLAN_DEFAULTS = {
  /** Without a startAt the schedule begins this long after startLoad(), time for threads to load. */
  startDelayMs: 1_000,
  connections: 16,
  workers: 2,
  arrival: 'uniform' as Arrival,
  payload: { productIds: 1_000, qty: 1 } satisfies PayloadSpec,
  requestTimeoutMs: 10_000,
  stopGraceMs: 5_000,
  seed: 1,
  kafka: { key: 'none', maxInFlight: 4, maxBatch: 2_000 } satisfies Omit<KafkaTargetSpec, 'kind' | 'brokers' | 'topic'>,
} as const;

const KEYS: ReadonlySet<string> = new Set([
  'url',
  'body',
  'rate',
  'durationS',
  'rateChanges',
  'startAt',
  'measureFrom',
  'connections',
  'workers',
  'arrival',
  'payload',
  'requestTimeoutMs',
  'stopGraceMs',
  'seed',
  'kafka',
  'segment',
]);
const KAFKA_KEYS: ReadonlySet<string> = new Set(['brokers', 'topic', 'key', 'maxInFlight', 'maxBatch', 'metadataMaxAgeMs']);
const KEY_MODES: readonly string[] = ['none', 'productId', 'orderId'];
const PAYLOAD_KEYS: ReadonlySet<string> = new Set(['productIds', 'qty']);

/** Every problem with a plan, one line each (`field: expected ..., got ...`); empty when valid. */
export function validateLoadPlan(input: unknown): string[] {
  const errors: string[] = [];
  if (typeof input !== 'object' || input === null) return ['plan: expected an object'];
  const plan = input as Record<string, unknown>;
  const got = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));
  const check = (field: string, ok: boolean, expected: string, value: unknown): void => {
    if (!ok) errors.push(`${field}: expected ${expected}, got ${got(value)}`);
  };
  const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  const isInt = (v: unknown, min: number): boolean => Number.isSafeInteger(v) && (v as number) >= min;
  const optional = (field: string, test: (v: unknown) => boolean, expected: string): void => {
    if (plan[field] !== undefined) check(field, test(plan[field]), expected, plan[field]);
  };

  for (const key of Object.keys(plan)) if (!KEYS.has(key)) errors.push(`${key}: unknown field`);

  if (plan.kafka === undefined) {
    check('url', typeof plan.url === 'string' && isHttpUrl(plan.url), 'an http:// URL', plan.url);
  } else {
    if (plan.url !== undefined) errors.push('url: expected no url beside kafka (one target: url for HTTP, kafka for a topic)');
    errors.push(...kafkaProblems(plan.kafka, got));
  }
  if (plan.segment !== undefined) {
    const seg = plan.segment as Record<string, unknown>;
    const ok = typeof seg === 'object' && seg !== null && isInt(seg.count, 1) && isInt(seg.index, 0) && (seg.index as number) < (seg.count as number);
    if (!ok) errors.push(`segment: expected { index, count } with 0 <= index < count, got ${JSON.stringify(seg)}`);
  }
  check('rate', isNum(plan.rate) && plan.rate > 0, 'a number of requests per second > 0', plan.rate);
  check('durationS', isNum(plan.durationS) && plan.durationS > 0, 'a number of seconds > 0', plan.durationS);
  optional('startAt', isNum, 'an epoch time in milliseconds');
  optional('measureFrom', isNum, 'an epoch time in milliseconds');
  optional('workers', (v) => isInt(v, 1), 'an integer >= 1');
  optional('connections', (v) => isInt(v, 1), 'an integer >= 1');
  optional('arrival', (v) => v === 'uniform' || v === 'poisson', '"uniform" or "poisson"');
  optional('requestTimeoutMs', (v) => isInt(v, 1), 'an integer number of milliseconds >= 1');
  optional('stopGraceMs', (v) => isInt(v, 0), 'an integer number of milliseconds >= 0');
  optional('seed', (v) => Number.isSafeInteger(v), 'an integer');

  if (plan.rateChanges !== undefined) errors.push(...rateChangeProblems(plan.rateChanges, isNum(plan.durationS) ? plan.durationS : undefined, got));

  const payload = plan.payload;
  if (payload !== undefined) {
    if (typeof payload !== 'object' || payload === null) {
      errors.push(`payload: expected { productIds, qty }, got ${got(payload)}`);
    } else {
      const p = payload as Record<string, unknown>;
      for (const key of Object.keys(p)) if (!PAYLOAD_KEYS.has(key)) errors.push(`payload.${key}: unknown field`);
      check('payload.productIds', isInt(p.productIds, 1), 'an integer >= 1', p.productIds);
      check('payload.qty', isInt(p.qty, 1), 'an integer >= 1', p.qty);
    }
  }

  // Cross-field rules only once the fields they read are individually valid.
  const workers = plan.workers ?? LOAD_PLAN_DEFAULTS.workers;
  const connections = plan.connections ?? LOAD_PLAN_DEFAULTS.connections;
  if (isInt(workers, 1) && isInt(connections, 1) && (connections as number) < (workers as number)) {
    errors.push(`connections: expected at least one per worker (>= ${workers}), got ${connections}`);
  }
  if (plan.measureFrom !== undefined && plan.startAt === undefined) {
    errors.push('measureFrom: expected together with startAt (the default startAt is only known at start)');
  }
  if (isNum(plan.startAt) && isNum(plan.measureFrom) && isNum(plan.durationS)) {
    const end = plan.startAt + plan.durationS * 1000;
    if (plan.measureFrom < plan.startAt || plan.measureFrom >= end) {
      errors.push(`measureFrom: expected within the schedule [startAt, startAt + durationS) = [${plan.startAt}, ${end}), got ${plan.measureFrom}`);
    }
  }
  return errors;
}

/** Validates and fills defaults; throws BAD_ARGUMENT listing every problem at once. */
export function resolveLoadPlan(input: LoadPlanInput, now: number = Date.now()): LoadPlan {
  const errors = validateLoadPlan(input);
  if (errors.length > 0) {
    throw new HarnessError('BAD_ARGUMENT', `invalid load plan:\n  - ${errors.join('\n  - ')}`, {
      hint: 'fix the listed fields of the load plan',
    });
  }
  const d = LOAD_PLAN_DEFAULTS;
  const startAt = input.startAt ?? now + d.startDelayMs;
  const k = input.kafka;
  return {
    target: k
      ? {
          kind: 'kafka',
          brokers: [...k.brokers],
          topic: k.topic,
          key: k.key ?? d.kafka.key,
          maxInFlight: k.maxInFlight ?? d.kafka.maxInFlight,
          maxBatch: k.maxBatch ?? d.kafka.maxBatch,
          ...(k.metadataMaxAgeMs !== undefined ? { metadataMaxAgeMs: k.metadataMaxAgeMs } : {}),
        }
      : { kind: 'http', url: input.url as string, ...(input.body !== undefined ? { body: input.body } : {}) },
    rate: input.rate,
    durationS: input.durationS,
    rateChanges: (input.rateChanges ?? []).map((c) => ({ ...c })),
    startAt,
    measureFrom: input.measureFrom ?? startAt,
    connections: input.connections ?? d.connections,
    workers: input.workers ?? d.workers,
    arrival: input.arrival ?? d.arrival,
    payload: { ...(input.payload ?? d.payload) },
    requestTimeoutMs: input.requestTimeoutMs ?? d.requestTimeoutMs,
    stopGraceMs: input.stopGraceMs ?? d.stopGraceMs,
    seed: input.seed ?? d.seed,
    segment: { ...(input.segment ?? { index: 0, count: 1 }) },
  };
}

function kafkaProblems(value: unknown, got: (v: unknown) => string): string[] {
  if (typeof value !== 'object' || value === null) return [`kafka: expected { brokers, topic }, got ${got(value)}`];
  const k = value as Record<string, unknown>;
  const errors: string[] = [];
  for (const key of Object.keys(k)) if (!KAFKA_KEYS.has(key)) errors.push(`kafka.${key}: unknown field`);
  const brokersOk = Array.isArray(k.brokers) && k.brokers.length > 0 && k.brokers.every((b) => typeof b === 'string' && /^[A-Za-z0-9._-]+:\d{1,5}$/.test(b));
  if (!brokersOk) errors.push(`kafka.brokers: expected a non-empty list of host:port, got ${JSON.stringify(k.brokers)}`);
  if (typeof k.topic !== 'string' || !/^[A-Za-z0-9._-]{1,249}$/.test(k.topic)) errors.push(`kafka.topic: expected a topic name, got ${got(k.topic)}`);
  if (k.key !== undefined && !KEY_MODES.includes(k.key as string)) errors.push(`kafka.key: expected one of ${KEY_MODES.join(', ')}, got ${got(k.key)}`);
  for (const field of ['maxInFlight', 'maxBatch', 'metadataMaxAgeMs'] as const) {
    if (k[field] !== undefined && !(Number.isSafeInteger(k[field]) && (k[field] as number) >= 1))
      errors.push(`kafka.${field}: expected an integer >= 1, got ${got(k[field])}`);
  }
  return errors;
}

/**
 * Each change in time order, within the schedule, to a positive rate; a ramp ends within the
 * schedule and before the next change starts (the schedule has one rate at a time).
 */
function rateChangeProblems(value: unknown, durationS: number | undefined, got: (v: unknown) => string): string[] {
  if (!Array.isArray(value)) return [`rateChanges: expected a list of { atS, rate, overS }, got ${got(value)}`];
  const errors: string[] = [];
  let free = 0;
  value.forEach((c: unknown, i) => {
    const at = `rateChanges[${i}]`;
    if (typeof c !== 'object' || c === null) {
      errors.push(`${at}: expected { atS, rate, overS }, got ${got(c)}`);
      return;
    }
    const change = c as Record<string, unknown>;
    for (const key of Object.keys(change)) if (!['atS', 'rate', 'overS'].includes(key)) errors.push(`${at}.${key}: unknown field`);
    const { atS, rate, overS } = change;
    const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
    if (!(num(rate) && rate > 0)) errors.push(`${at}.rate: expected a number of requests per second > 0, got ${got(rate)}`);
    if (!(num(overS) && overS >= 0)) errors.push(`${at}.overS: expected a number of seconds >= 0 (0: a step), got ${got(overS)}`);
    if (!(num(atS) && atS >= free && (durationS === undefined || atS < durationS))) {
      errors.push(
        `${at}.atS: expected seconds from startAt in [${free}, ${durationS ?? 'durationS'}) (in time order, after the ramp before it), got ${got(atS)}`,
      );
    } else if (num(overS) && durationS !== undefined && atS + overS > durationS) {
      errors.push(`${at}.overS: expected at most ${durationS - atS} (the ramp ends within durationS), got ${overS}`);
    }
    if (num(atS)) free = Math.max(free, atS + (num(overS) ? overS : 0));
  });
  return errors;
}

function isHttpUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'http:';
  } catch {
    return false;
  }
}
