/**
 * The one schema a scenario file must satisfy, and the defaults it fills in. Every leaf carries
 * what it expects in words ("a positive integer"), so an issue reads "expected X, got Y" without
 * any mapping table; cross-field rules live in checks.ts.
 */
import { z } from 'zod';
import { kafkaVersionProblem } from '../model/kafka-version.ts';
import { assignorNames, clientNames } from '../clients/registry.ts';
import { groupTypeNames } from '../groups/registry.ts';
import { timelineEventSchema } from '../model/timeline/index.ts';
import { systemSchema } from './system.ts';
import { nonNegativeNumber, oneOf, positiveInt, registeredName, positiveNumber, section, nonNegativeInt } from '../model/fields.ts';
import type { Sweep } from '../model/scenario.ts';

export const STORES = ['memory', 'postgres'] as const;
export const MESSAGE_KEYS = ['none', 'productId', 'orderId'] as const;
export const WORK_MODES = ['sleep', 'busy'] as const;
export const ARRIVALS = ['uniform', 'poisson'] as const;
export const SHARE_ACK_MODES = ['implicit', 'explicit'] as const;
export const SHARE_ACQUIRE_MODES = ['batch_optimized', 'record_limit'] as const;

/**
 * The value of every optional field a file leaves out. Required, because a run means nothing
 * without them: description, topology.partitions, topology.replicas, load.rate, load.durationS.
 * `name` defaults to the file name.
 *
 * Client settings are kafkajs's own defaults, so leaving one out measures the client as shipped;
 * that 5-minute metadataMaxAge is why, in the lab, the second replica waits minutes for a partition.
 */
export const SCENARIO_DEFAULTS = {
  description: '',
  repeats: 1,
  // One node: the lab's broker. More starts the run's own embedded cluster of that size.
  cluster: { nodes: 1 },
  topology: {
    // The lab's setup: one in-process map per replica, orders sent without a key.
    store: 'memory',
    key: 'none',
    producer: { metadataMaxAgeMs: 300_000 },
    consumer: {
      // Today's lab: kafkajs, the classic protocol, eager rebalancing with the range assignor.
      client: 'kafkajs',
      groupProtocol: 'classic',
      metadataMaxAgeMs: 300_000,
      sessionTimeoutMs: 30_000,
      heartbeatIntervalMs: 3_000,
      partitionsConsumedConcurrently: 1,
    },
    // No artificial cost: a consumer is then limited only by the client and the store.
    work: { perMessageMs: 0, mode: 'sleep' },
  },
  load: {
    warmupS: 5,
    // 16 in-flight requests hold 320 orders/s even if the order service answers in 50 ms.
    connections: 16,
    workers: 1,
    arrival: 'uniform',
    // The lab's order: productId=1 qty=1.
    payload: { productIds: 1, qty: 1 },
  },
  // Long enough for a single 50 orders/s consumer to clear a few seconds of backlog.
  drain: { timeoutS: 30 },
  timeline: [],
} as const;

const D = SCENARIO_DEFAULTS;

/**
 * A field that may be swept: one value, or a non-empty list of distinct values (a repeated value
 * would be a duplicate cell). Either way it resolves to a list.
 */
function sweep<Item extends z.ZodType>(item: Item, expected: string) {
  const either = `${expected} or a list of them`;
  const list = z
    .array(item, { error: either })
    .min(1, { error: 'a non-empty list' })
    .superRefine((values, ctx) => {
      values.forEach((value, index) => {
        if (values.indexOf(value) !== index) {
          ctx.addIssue({
            code: 'custom',
            path: [index],
            input: value,
            message: `distinct values (a sweep runs each value once), got ${JSON.stringify(value)} a second time`,
          });
        }
      });
    });
  return z.union([item, list], { error: either }).transform((value) => (Array.isArray(value) ? value : [value]) as unknown as Sweep<z.output<Item>>);
}

/** `4.4.0`: a 4.x release; whether Maven Central serves it is asked before the run starts (broker/releases.ts). */
const kafkaVersionField = z.string({ error: 'an Apache Kafka release such as 4.4.0' }).superRefine((value, ctx) => {
  const problem = kafkaVersionProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', input: value, message: problem });
});

/**
 * One consumer variant. `assignor`, `sessionTimeoutMs` and `heartbeatIntervalMs` have no
 * prefault: which default applies depends on the protocol, and the consumer protocol refuses the
 * two timings when they are given (checks.ts), so "given" must be told from "defaulted".
 */
const consumerFields = {
  client: registeredName(clientNames).prefault(D.topology.consumer.client),
  groupProtocol: registeredName(groupTypeNames).prefault(D.topology.consumer.groupProtocol),
  assignor: registeredName(assignorNames).optional(),
  metadataMaxAgeMs: positiveInt().prefault(D.topology.consumer.metadataMaxAgeMs),
  sessionTimeoutMs: positiveInt().optional(),
  heartbeatIntervalMs: positiveInt().optional(),
  /** Consumer protocol and share groups: the group's heartbeat interval, set on the broker for the cell's group. */
  groupHeartbeatIntervalMs: positiveInt().optional(),
  /** Consumer protocol and share groups: the group's session timeout (the broker's minimum bounds it). */
  groupSessionTimeoutMs: positiveInt().optional(),
  /** Share groups only: the group's `share.record.lock.duration.ms`. */
  shareRecordLockDurationMs: positiveInt().optional(),
  /** Share groups only: the group's `share.delivery.count.limit` (the broker takes 2-10). */
  shareDeliveryCountLimit: positiveInt().optional(),
  /** Consumer protocol only, Kafka 4.3+: the group's `consumer.assignment.interval.ms` (0: no batching). */
  groupAssignmentIntervalMs: nonNegativeInt('an integer number of milliseconds ≥ 0').optional(),
  /** The Java client only: the kafka-clients release, when it is not to follow the broker's. */
  kafkaClientsVersion: kafkaVersionField.optional(),
  /** group.instance.id = the replica's stable name, where the client sets one (checks.ts refuses it elsewhere, saying why). */
  staticMembership: z.boolean({ error: 'true or false' }).optional(),
  /** Clients that take it (java): records per poll (max.poll.records); absent leaves the client's choice. */
  maxPollRecords: positiveInt('an integer from 1 to 100000').max(100_000, { error: 'an integer from 1 to 100000' }).optional(),
  /** Share groups (java): `implicit` (the next poll accepts a batch) or `explicit` (ACCEPT each, REJECT poison). */
  shareAckMode: oneOf(SHARE_ACK_MODES).optional(),
  /** Share groups (java): share.acquire.mode, `record_limit` acquiring at most maxPollRecords. */
  shareAcquireMode: oneOf(SHARE_ACQUIRE_MODES).optional(),
};

const consumerSchema = section({
  ...consumerFields,
  partitionsConsumedConcurrently: sweep(positiveInt(), 'a positive integer').prefault(D.topology.consumer.partitionsConsumedConcurrently),
});

/** In a list of variants the list is the sweep: each field takes one value. */
const consumerVariantSchema = section({
  ...consumerFields,
  partitionsConsumedConcurrently: positiveInt('a positive integer (one value: in a list of consumer settings the list is the sweep)')
    .prefault(D.topology.consumer.partitionsConsumedConcurrently)
    .transform((v) => [v] as unknown as Sweep<number>),
});

/** One mapping, or a list of mappings each swept as a variant (a cell per variant). */
const consumersSchema = z
  .union([consumerSchema, z.array(consumerVariantSchema, { error: 'a list of consumer settings' }).min(1, { error: 'a non-empty list' })], {
    error: 'a mapping of consumer settings or a list of them',
  })
  .transform((value) => (Array.isArray(value) ? value : [value]) as unknown as Sweep<z.output<typeof consumerSchema>>);

export const topologySchema = section({
  partitions: sweep(positiveInt(), 'a positive integer'),
  replicas: sweep(positiveInt(), 'a positive integer'),
  store: sweep(oneOf(STORES), `one of ${STORES.join(', ')},`).prefault(D.topology.store),
  key: sweep(oneOf(MESSAGE_KEYS), `one of ${MESSAGE_KEYS.join(', ')},`).prefault(D.topology.key),
  producer: section({
    metadataMaxAgeMs: positiveInt().prefault(D.topology.producer.metadataMaxAgeMs),
  }).prefault({}),
  consumer: consumersSchema.prefault({}),
  work: section({
    perMessageMs: sweep(nonNegativeNumber('a number of milliseconds ≥ 0'), 'a number of milliseconds ≥ 0').prefault(D.topology.work.perMessageMs),
    mode: oneOf(WORK_MODES).prefault(D.topology.work.mode),
  }).prefault({}),
});

export const loadSchema = section({
  rate: sweep(positiveNumber(), 'a positive number'),
  durationS: positiveNumber('a positive number of seconds'),
  warmupS: nonNegativeNumber('a number of seconds ≥ 0').prefault(D.load.warmupS),
  connections: sweep(positiveInt(), 'a positive integer').prefault(D.load.connections),
  workers: positiveInt().prefault(D.load.workers),
  arrival: oneOf(ARRIVALS).prefault(D.load.arrival),
  // Past this send delay p99 a cell is generator_bound (harness/measure/bound.ts: 5 ms when left out;
  // no default here, so scenarios that leave it out keep their hash).
  maxSendDelayP99Ms: positiveNumber('a positive number of milliseconds').optional(),
  payload: section({
    productIds: positiveInt().prefault(D.load.payload.productIds),
    qty: positiveInt().prefault(D.load.payload.qty),
  }).prefault({}),
});

export { timelineEventSchema };

export const timelineSchema = z.array(timelineEventSchema, { error: 'a list of events' });

export const scenarioSchema = section({
  name: z
    .string({ error: 'a name of lowercase letters, digits and "-"' })
    .regex(/^[a-z0-9][a-z0-9-]*$/)
    .optional(),
  description: z
    .string({ error: 'a one-line description' })
    .regex(/^[^\n]*$/)
    .prefault(D.description),
  repeats: positiveInt().prefault(D.repeats),
  cluster: section({
    nodes: positiveInt('an integer from 1 to 9 (combined KRaft broker+controller nodes)')
      .max(9, { error: 'an integer from 1 to 9 (combined KRaft broker+controller nodes)' })
      .prefault(D.cluster.nodes),
    // Left out: the shared broker's or the newest pinned release, and the scenario's hash is unchanged.
    kafkaVersion: sweep(kafkaVersionField, 'an Apache Kafka release such as 4.4.0').optional(),
  }).prefault({}),
  topology: topologySchema,
  load: loadSchema,
  drain: section({
    timeoutS: positiveNumber('a positive number of seconds').prefault(D.drain.timeoutS),
  }).prefault({}),
  timeline: timelineSchema.prefault([]),
  // Left out: the managed system (the project's services), and the scenario's hash is unchanged.
  system: systemSchema.optional(),
});
