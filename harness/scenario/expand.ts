/**
 * A sweep is the cartesian product of every field given as a list. `expand` is pure: the same
 * scenario always gives the same cells, in the same order, with the same names.
 */
import type { Cell, Scenario, Sweep, SweepDimension, SweepPoint } from './types.ts';

/**
 * Product order, outermost first, and the name suffix of each dimension. The first three are
 * always in a cell's name so that results from different sweeps line up.
 */
export const SWEEP_DIMENSIONS: readonly { readonly dimension: SweepDimension; readonly label: string }[] = [
  { dimension: 'partitions', label: 'p' },
  { dimension: 'replicas', label: 'r' },
  { dimension: 'rate', label: 'rate' },
  { dimension: 'store', label: 'store' },
  { dimension: 'key', label: 'key' },
  { dimension: 'perMessageMs', label: 'work' },
  { dimension: 'partitionsConsumedConcurrently', label: 'pcc' },
  { dimension: 'connections', label: 'conn' },
];

const ALWAYS_NAMED: ReadonlySet<SweepDimension> = new Set(['partitions', 'replicas', 'rate']);

type Axes = { readonly [K in SweepDimension]: Sweep<SweepPoint[K]> };

export function sweepAxes(scenario: Scenario): Axes {
  const { topology, load } = scenario;
  return {
    partitions: topology.partitions,
    replicas: topology.replicas,
    rate: load.rate,
    store: topology.store,
    key: topology.key,
    perMessageMs: topology.work.perMessageMs,
    partitionsConsumedConcurrently: topology.consumer.partitionsConsumedConcurrently,
    connections: load.connections,
  };
}

/** The dimensions given more than one value, in product order. */
export function sweptDimensions(scenario: Scenario): SweepDimension[] {
  const axes = sweepAxes(scenario);
  return SWEEP_DIMENSIONS.map((d) => d.dimension).filter((d) => axes[d].length > 1);
}

export function expand(scenario: Scenario): Cell[] {
  const axes = sweepAxes(scenario);
  const swept = sweptDimensions(scenario);
  return product(axes).map((point, index) => ({
    scenario: scenario.name,
    name: cellName(point, swept),
    index,
    swept: Object.fromEntries(swept.map((d) => [d, point[d]])) as Partial<SweepPoint>,
    repeats: scenario.repeats,
    topology: {
      partitions: point.partitions,
      replicas: point.replicas,
      store: point.store,
      key: point.key,
      producer: scenario.topology.producer,
      consumer: {
        ...scenario.topology.consumer,
        partitionsConsumedConcurrently: point.partitionsConsumedConcurrently,
      },
      work: { ...scenario.topology.work, perMessageMs: point.perMessageMs },
    },
    load: { ...scenario.load, rate: point.rate, connections: point.connections },
    drain: scenario.drain,
    timeline: scenario.timeline,
  }));
}

/** `p2-r4-rate150`, then `-work5`, `-keyproductId`... for each other swept dimension. */
export function cellName(point: SweepPoint, swept: readonly SweepDimension[]): string {
  return SWEEP_DIMENSIONS.filter(({ dimension }) => ALWAYS_NAMED.has(dimension) || swept.includes(dimension))
    .map(({ dimension, label }) => `${label}${point[dimension]}`)
    .join('-');
}

/** Every combination, the last dimension varying fastest. */
function product(axes: Axes): SweepPoint[] {
  let points: Record<string, unknown>[] = [{}];
  for (const { dimension } of SWEEP_DIMENSIONS) {
    const values: readonly unknown[] = axes[dimension];
    points = points.flatMap((point) => values.map((value) => ({ ...point, [dimension]: value })));
  }
  return points as unknown as SweepPoint[];
}
