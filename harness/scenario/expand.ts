/**
 * A sweep is the cartesian product of every field given as a list. `expand` is pure: the same
 * scenario always gives the same cells, in the same order, with the same names.
 */
import { groupType } from '../groups/registry.ts';
import { variantName } from '../model/variant.ts';
import { SCENARIO_DEFAULTS } from './options.ts';
import type { Cell, ConsumerSettings, Scenario, Sweep, SweepDimension, SweepPoint } from '../model/scenario.ts';

/**
 * Product order, outermost first, and the name suffix of each dimension. The first three are
 * always in a cell's name so that results from different sweeps line up. The consumer variant
 * is named by itself (`java-consumer-uniform`), with no label.
 */
export const SWEEP_DIMENSIONS: readonly { readonly dimension: SweepDimension; readonly label: string }[] = [
  { dimension: 'partitions', label: 'p' },
  { dimension: 'replicas', label: 'r' },
  { dimension: 'rate', label: 'rate' },
  { dimension: 'consumer', label: '' },
  { dimension: 'store', label: 'store' },
  { dimension: 'key', label: 'key' },
  { dimension: 'perMessageMs', label: 'work' },
  { dimension: 'partitionsConsumedConcurrently', label: 'pcc' },
  { dimension: 'connections', label: 'conn' },
  { dimension: 'kafkaVersion', label: 'k' },
];

/**
 * The product's order, outermost first: the Kafka release outermost, so that the cells of one
 * release run one after another on one broker (a broker per release, not per cell).
 */
const PRODUCT_ORDER: readonly SweepDimension[] = ['kafkaVersion', ...SWEEP_DIMENSIONS.map((d) => d.dimension).filter((d) => d !== 'kafkaVersion')];

const ALWAYS_NAMED: ReadonlySet<SweepDimension> = new Set(['partitions', 'replicas', 'rate']);

/**
 * Every concrete consumer setting of a scenario, one per variant and per
 * partitionsConsumedConcurrently value, with protocol-dependent defaults filled in.
 */
export function consumerVariants(scenario: Scenario): ConsumerSettings[] {
  return scenario.topology.consumer.flatMap((c) => c.partitionsConsumedConcurrently.map((pcc) => resolveConsumer(c, pcc)));
}

export function resolveConsumer(c: ConsumerSettings<'sweep'>, pcc: number): ConsumerSettings {
  const type = groupType(c.groupProtocol);
  const clientTimings = type.clientTimings;
  const d = SCENARIO_DEFAULTS.topology.consumer;
  return {
    client: c.client,
    groupProtocol: c.groupProtocol,
    assignor: c.assignor ?? type.defaultAssignor,
    metadataMaxAgeMs: c.metadataMaxAgeMs,
    sessionTimeoutMs: clientTimings ? (c.sessionTimeoutMs ?? d.sessionTimeoutMs) : null,
    heartbeatIntervalMs: clientTimings ? (c.heartbeatIntervalMs ?? d.heartbeatIntervalMs) : null,
    groupHeartbeatIntervalMs: type.groupHeartbeat ? (c.groupHeartbeatIntervalMs ?? null) : null,
    ...(type.groupHeartbeat && c.groupAssignmentIntervalMs !== undefined ? { groupAssignmentIntervalMs: c.groupAssignmentIntervalMs } : {}),
    ...(type.groupHeartbeat && c.groupSessionTimeoutMs !== undefined ? { groupSessionTimeoutMs: c.groupSessionTimeoutMs } : {}),
    ...(type.recordLocks && c.shareRecordLockDurationMs !== undefined ? { shareRecordLockDurationMs: c.shareRecordLockDurationMs } : {}),
    ...(type.recordLocks && c.shareDeliveryCountLimit !== undefined ? { shareDeliveryCountLimit: c.shareDeliveryCountLimit } : {}),
    ...(c.kafkaClientsVersion !== undefined ? { kafkaClientsVersion: c.kafkaClientsVersion } : {}),
    // Absent when false, so scenarios without it keep their cells' JSON (and hashes) as they were.
    ...(c.staticMembership ? { staticMembership: true as const } : {}),
    ...(c.maxPollRecords !== undefined ? { maxPollRecords: c.maxPollRecords } : {}),
    ...(c.shareAckMode !== undefined ? { shareAckMode: c.shareAckMode } : {}),
    ...(c.shareAcquireMode !== undefined ? { shareAcquireMode: c.shareAcquireMode } : {}),
    partitionsConsumedConcurrently: pcc,
  };
}

/** `java-consumer-uniform`, and `-2`, `-3`... when two variants share a client, protocol and assignor. */
function variantNames(variants: readonly ConsumerSettings[]): string[] {
  const seen = new Map<string, number>();
  const distinct = new Map<string, string>();
  return variants.map((v) => {
    const key = JSON.stringify({ ...v, partitionsConsumedConcurrently: 0 });
    const known = distinct.get(key);
    if (known !== undefined) return known;
    const base = variantName(v);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const name = n === 1 ? base : `${base}-${n}`;
    distinct.set(key, name);
    return name;
  });
}

interface Axes {
  readonly partitions: Sweep<number>;
  readonly replicas: Sweep<number>;
  readonly rate: Sweep<number>;
  readonly consumer: Sweep<number>;
  readonly store: Sweep<SweepPoint['store']>;
  readonly key: Sweep<SweepPoint['key']>;
  readonly perMessageMs: Sweep<number>;
  readonly connections: Sweep<number>;
  readonly kafkaVersion: Sweep<string | undefined>;
}

function sweepAxes(scenario: Scenario): Axes {
  const { topology, load } = scenario;
  const variants = consumerVariants(scenario);
  return {
    partitions: topology.partitions,
    replicas: topology.replicas,
    rate: load.rate,
    // Indexes into consumerVariants(): a variant is an object, the product works on positions.
    consumer: variants.map((_, i) => i) as unknown as Sweep<number>,
    store: topology.store,
    key: topology.key,
    perMessageMs: topology.work.perMessageMs,
    connections: load.connections,
    kafkaVersion: scenario.cluster?.kafkaVersion ?? [undefined],
  };
}

/** The dimensions given more than one value, in product order. */
export function sweptDimensions(scenario: Scenario): SweepDimension[] {
  const axes = sweepAxes(scenario);
  const variants = consumerVariants(scenario);
  const names = new Set(variantNames(variants));
  const pccs = new Set(variants.map((v) => v.partitionsConsumedConcurrently));
  const counts: Record<SweepDimension, number> = {
    partitions: axes.partitions.length,
    replicas: axes.replicas.length,
    rate: axes.rate.length,
    consumer: names.size,
    store: axes.store.length,
    key: axes.key.length,
    perMessageMs: axes.perMessageMs.length,
    partitionsConsumedConcurrently: pccs.size,
    connections: axes.connections.length,
    kafkaVersion: axes.kafkaVersion.length,
  };
  return SWEEP_DIMENSIONS.map((d) => d.dimension).filter((d) => counts[d] > 1);
}

export function expand(scenario: Scenario): Cell[] {
  const axes = sweepAxes(scenario);
  const swept = sweptDimensions(scenario);
  const variants = consumerVariants(scenario);
  const names = variantNames(variants);
  return product(axes).map((raw, index) => {
    const consumer = variants[raw.consumer]!;
    const point: SweepPoint = {
      partitions: raw.partitions,
      replicas: raw.replicas,
      rate: raw.rate,
      consumer: names[raw.consumer]!,
      store: raw.store,
      key: raw.key,
      perMessageMs: raw.perMessageMs,
      partitionsConsumedConcurrently: consumer.partitionsConsumedConcurrently,
      connections: raw.connections,
      ...(raw.kafkaVersion === undefined ? {} : { kafkaVersion: raw.kafkaVersion }),
    };
    return {
      scenario: scenario.name,
      name: cellName(point, swept),
      index,
      swept: Object.fromEntries(swept.map((d) => [d, point[d]])) as Partial<SweepPoint>,
      repeats: scenario.repeats,
      cluster: { nodes: scenario.cluster?.nodes ?? 1, ...(point.kafkaVersion === undefined ? {} : { kafkaVersion: point.kafkaVersion }) },
      topology: {
        partitions: point.partitions,
        replicas: point.replicas,
        store: point.store,
        key: point.key,
        producer: scenario.topology.producer,
        consumer,
        work: { ...scenario.topology.work, perMessageMs: point.perMessageMs },
      },
      load: { ...scenario.load, rate: point.rate, connections: point.connections },
      drain: scenario.drain,
      timeline: scenario.timeline,
      ...(scenario.system ? { system: scenario.system } : {}),
    };
  });
}

/** `p2-r4-rate150`, then `-java-consumer-uniform`, `-work5`, `-keyproductId`... for each other swept dimension. */
export function cellName(point: SweepPoint, swept: readonly SweepDimension[]): string {
  return SWEEP_DIMENSIONS.filter(({ dimension }) => ALWAYS_NAMED.has(dimension) || swept.includes(dimension))
    .map(({ dimension, label }) => `${label}${point[dimension]}`)
    .join('-');
}

type RawPoint = { readonly [K in keyof Axes]: Axes[K][number] };

/** Every combination, the last dimension varying fastest. */
function product(axes: Axes): RawPoint[] {
  let points: Record<string, unknown>[] = [{}];
  for (const dimension of PRODUCT_ORDER) {
    if (dimension === 'partitionsConsumedConcurrently') continue; // part of the consumer variant
    const values: readonly unknown[] = axes[dimension];
    points = points.flatMap((point) => values.map((value) => ({ ...point, [dimension]: value })));
  }
  return points as unknown as RawPoint[];
}
