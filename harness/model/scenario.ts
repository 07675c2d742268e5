/**
 * A scenario says three things and keeps them apart: the topology (what runs: partitions,
 * consumer replicas, store, client settings), the load (what is offered: rate, duration, payload)
 * and the timeline (what changes while it runs). `Scenario` is the file after validation with
 * every default filled in; `Cell` is one point of its sweep with concrete values only.
 */

import type { SystemSpec } from './system.ts';

/** A consumer client's name in harness/clients/registry.ts. */
export type ConsumerClientName = string;
/** A kind of group's name in harness/groups/registry.ts (`classic`, `consumer`, `share`). */
export type GroupProtocol = string;
/** An assignor one of the clients runs under some group type. */
export type Assignor = string;

/** A swept value: a file may give one value or a list; resolved, it is always a non-empty list. */
export type Sweep<T> = readonly [T, ...T[]];

/** `'sweep'`: as in a scenario, where sweepable fields are lists; `'cell'`: one concrete value. */
export type Form = 'sweep' | 'cell';
type Value<T, F extends Form> = F extends 'sweep' ? Sweep<T> : T;

export type Store = 'memory' | 'postgres';
/** What the order service uses as the Kafka message key; `none` lets the partitioner spread orders. */
export type MessageKey = 'none' | 'productId' | 'orderId';
/** `sleep` costs wall time only; `busy` burns CPU, so replicas also compete for cores. */
export type WorkMode = 'sleep' | 'busy';
export type Arrival = 'uniform' | 'poisson';
/** A share group's acknowledgement: `implicit` (the next poll accepts the batch) or `explicit` (each record). */
export type ShareAckMode = 'implicit' | 'explicit';
/** A share group's `share.acquire.mode`: records acquired per fetch in batches, or at most max.poll.records. */
export type ShareAcquireMode = 'batch_optimized' | 'record_limit';

export interface ProducerSettings {
  /** kafkajs `metadataMaxAge`: until it expires the producer does not write to new partitions. */
  readonly metadataMaxAgeMs: number;
}

/**
 * Past its metadata age a producer's next send refreshes the topic's metadata and spreads records
 * over the new partition count; this leaves room for that send, the metadata request and the
 * produce request before an added partition's first record is appended. The scenario's note
 * before a run and the check of the topic after it use the same allowance.
 */
export const PRODUCER_FOLLOW_MARGIN_MS = 2000;

/** One consumer variant as a scenario file gives it: the optional fields depend on the protocol. */
export interface ConsumerSpec {
  readonly client: ConsumerClientName;
  readonly groupProtocol: GroupProtocol;
  readonly assignor?: Assignor | undefined;
  readonly metadataMaxAgeMs: number;
  readonly sessionTimeoutMs?: number | undefined;
  readonly heartbeatIntervalMs?: number | undefined;
  readonly groupHeartbeatIntervalMs?: number | undefined;
  readonly groupAssignmentIntervalMs?: number | undefined;
  readonly groupSessionTimeoutMs?: number | undefined;
  readonly shareRecordLockDurationMs?: number | undefined;
  readonly shareDeliveryCountLimit?: number | undefined;
  readonly kafkaClientsVersion?: string | undefined;
  readonly staticMembership?: boolean | undefined;
  readonly maxPollRecords?: number | undefined;
  readonly shareAckMode?: ShareAckMode | undefined;
  readonly shareAcquireMode?: ShareAcquireMode | undefined;
  readonly partitionsConsumedConcurrently: Sweep<number>;
}

/**
 * How a cell's inventory replicas consume, every field resolved: the assignor to its protocol's
 * default, the classic timings to kafkajs's defaults, and what the protocol does not use to null.
 */
export interface ConsumerCell {
  readonly client: ConsumerClientName;
  readonly groupProtocol: GroupProtocol;
  readonly assignor: Assignor;
  /** The client's metadata refresh: how soon the group sees a partition increase and rebalances. */
  readonly metadataMaxAgeMs: number;
  /** Classic protocol only (the consumer protocol's session timeout is the broker's). */
  readonly sessionTimeoutMs: number | null;
  readonly heartbeatIntervalMs: number | null;
  /** Consumer protocol and share groups: the group's `consumer.` / `share.heartbeat.interval.ms`; null keeps the broker's (5 s). */
  readonly groupHeartbeatIntervalMs: number | null;
  /** Consumer protocol and share groups: the group's `consumer.` / `share.session.timeout.ms`; absent keeps the broker's (45 s). */
  readonly groupSessionTimeoutMs?: number;
  /** Share groups only: the group's `share.record.lock.duration.ms`; absent keeps the broker's (30 s). */
  readonly shareRecordLockDurationMs?: number;
  /** Share groups only: the group's `share.delivery.count.limit`; absent keeps the broker's (5). */
  readonly shareDeliveryCountLimit?: number;
  /**
   * Consumer protocol only, Kafka 4.3+ (KIP-1263): the group's `consumer.assignment.interval.ms`,
   * how long the coordinator batches assignment changes; absent keeps the broker's (1 s).
   */
  readonly groupAssignmentIntervalMs?: number;
  /** Clients built on Kafka's jars (java): the kafka-clients release; absent follows the broker's. */
  readonly kafkaClientsVersion?: string;
  /**
   * Static membership (KIP-345): each replica's `group.instance.id` is its stable name
   * (inventory-<index>), so a restarted replica comes back as the same member. Absent: dynamic.
   */
  readonly staticMembership?: true;
  /** Clients that take it (java): records per poll; absent leaves the client's own choice. */
  readonly maxPollRecords?: number;
  /** Share groups (java): how records are acknowledged; absent is the client's default, implicit. */
  readonly shareAckMode?: ShareAckMode;
  /** Share groups (java): `share.acquire.mode`; absent is the client's default, batch_optimized. */
  readonly shareAcquireMode?: ShareAcquireMode;
  readonly partitionsConsumedConcurrently: number;
}

export type ConsumerSettings<F extends Form = 'cell'> = F extends 'sweep' ? ConsumerSpec : ConsumerCell;

export interface Work<F extends Form = 'cell'> {
  /** Processing cost of one order; it sets what one consumer can absorb (1000 / perMessageMs per s). */
  readonly perMessageMs: Value<number, F>;
  readonly mode: WorkMode;
}

export interface Topology<F extends Form = 'cell'> {
  readonly partitions: Value<number, F>;
  /** Inventory consumer replicas in one group, indexed 0..replicas-1 in start order. */
  readonly replicas: Value<number, F>;
  readonly store: Value<Store, F>;
  readonly key: Value<MessageKey, F>;
  readonly producer: ProducerSettings;
  /** One variant per cell; a scenario may list several, each swept like any other list. */
  readonly consumer: F extends 'sweep' ? Sweep<ConsumerSettings<'sweep'>> : ConsumerSettings;
  readonly work: Work<F>;
}

export interface Payload {
  /** productId is drawn from 1..productIds; 1 reproduces the lab (every order for product 1). */
  readonly productIds: number;
  readonly qty: number;
}

export interface Load<F extends Form = 'cell'> {
  /** Offered orders/s, open loop: it does not drop when the service slows down. */
  readonly rate: Value<number, F>;
  /** Length of the measured stretch; timeline offsets count from its start. */
  readonly durationS: number;
  readonly warmupS: number;
  /** HTTP connections that carry the rate, shared among the workers. */
  readonly connections: Value<number, F>;
  /** Load-generator worker threads, each offering rate / workers. */
  readonly workers: number;
  readonly arrival: Arrival;
  /** Send delay p99 above which the cell is generator_bound; 5 ms when left out. */
  readonly maxSendDelayP99Ms?: number | undefined;
  readonly payload: Payload;
}

export interface Drain {
  /** After the load stops, wait until the group's lag is 0, or this long at most. */
  readonly timeoutS: number;
}

export type { TimelineEvent } from './timeline/index.ts';
import type { TimelineEvent } from './timeline/index.ts';

/**
 * The Kafka cluster a run needs. nodes > 1 (or a broker action in the timeline) starts the run's
 * own embedded cluster of that size; topics get replication factor min(3, nodes) and
 * min.insync.replicas 2 from 3 nodes on.
 */
export interface ClusterSpec<F extends Form = 'sweep'> {
  readonly nodes: number;
  /**
   * The Apache Kafka release of the embedded cluster, swept like any other list; absent: the
   * broker `npm run broker -- start` left running, else the newest pinned release.
   */
  readonly kafkaVersion?: Value<string, F> | undefined;
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  /** Runs per cell; each run is a fresh topic, group and set of processes. */
  readonly repeats: number;
  readonly cluster: ClusterSpec;
  readonly topology: Topology<'sweep'>;
  readonly load: Load<'sweep'>;
  readonly drain: Drain;
  readonly timeline: readonly TimelineEvent[];
  /** What is measured: the project's services (managed, the default when absent) or your consumer group. */
  readonly system?: SystemSpec;
}

/** The values of every sweepable dimension at one point of a sweep. */
export interface SweepPoint {
  readonly partitions: number;
  readonly replicas: number;
  readonly store: Store;
  readonly key: MessageKey;
  readonly perMessageMs: number;
  readonly partitionsConsumedConcurrently: number;
  readonly rate: number;
  /** The consumer variant's name, `kafkajs-classic-range` (see variantName). */
  readonly consumer: string;
  readonly connections: number;
  /** The cluster's Kafka release, when the scenario names one. */
  readonly kafkaVersion?: string | undefined;
}

export type SweepDimension = keyof SweepPoint;

export interface Cell {
  readonly scenario: string;
  /** `p{partitions}-r{replicas}-rate{rate}` then one suffix per other swept dimension. */
  readonly name: string;
  /** Position in `expand()` order. */
  readonly index: number;
  /** The dimensions this scenario sweeps (more than one value) and their value in this cell. */
  readonly swept: Readonly<Partial<SweepPoint>>;
  readonly repeats: number;
  readonly cluster: ClusterSpec<'cell'>;
  readonly topology: Topology;
  readonly load: Load;
  readonly drain: Drain;
  readonly timeline: readonly TimelineEvent[];
  readonly system?: SystemSpec;
}

/** One problem found in a scenario file; `path` is '' when it concerns the whole file. */
export interface ScenarioIssue {
  readonly file: string;
  readonly path: string;
  /** What was expected and what was found. */
  readonly message: string;
  /** Set for syntax errors, where the field path is not known yet. */
  readonly line?: number;
  readonly column?: number;
}

export type ValidationResult = { readonly ok: true; readonly scenario: Scenario } | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };
