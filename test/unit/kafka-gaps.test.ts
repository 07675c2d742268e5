import { describe, expect, it } from 'vitest';
import type { CellResult } from '../../harness/analysis/cell.ts';
import { analyzeKafkaSide, type AddedPartition, type KafkaSideInput } from '../../harness/analysis/from-kafka.ts';
import { producerGaps } from '../../harness/analysis/producer-follows.ts';
import type { KafkaObservation, TapRecord } from '../../harness/model/kafka-observation.ts';
import type { LagSample, PartitionLag } from '../../harness/model/samples.ts';
import { gapNotes } from '../../harness/run/gap-notes.ts';
import { producerAgeNotes } from '../../harness/scenario/producer-age.ts';
import { assertValidScenario } from '../../harness/scenario/validate.ts';

const T0 = 1_000_000;

function observation(offsets: LagSample[]): KafkaObservation {
  return {
    offsetsIntervalMs: 200,
    groupIntervalMs: 250,
    offsets,
    group: [{ at: T0, state: 'Stable', members: [{ memberId: 'a', clientId: 'a', partitions: [0, 1] }] }],
    members: {},
    tapFile: 'x',
    tapRecords: 0,
    timestampType: 'LogAppendTime',
    failures: { offsets: 0, group: 0, tap: 0 },
  };
}

const input = (offsets: LagSample[], tap: TapRecord[], rest: Partial<KafkaSideInput> = {}): KafkaSideInput => ({
  observation: observation(offsets),
  tap,
  accepted: null,
  phases: [{ index: 0, from: T0, to: T0 + 10_000 }],
  window: { measureFrom: T0, measureTo: T0 + 10_000, end: T0 + 12_000 },
  actionTimes: [],
  nameOf: (id) => id,
  qty: 1,
  ...rest,
});

/**
 * A drain that timed out: 10 records/s appended on one partition from 0 to 10 s, committed as
 * they come until 4 s (offset 40), then never again. The drain ends at 12 s; the observer takes
 * three more offset samples during teardown, the kind that went into the series only.
 */
describe('a run whose drain timed out', () => {
  const tap: TapRecord[] = Array.from({ length: 100 }, (_, o) => ({ p: 0, o, t: T0 + o * 100, id: `order-${o}` }));
  const offsets: LagSample[] = [];
  for (let t = 0; t <= 12_600; t += 200) {
    const end = Math.min(100, Math.floor(t / 100) + 1);
    const committed = t < 4000 ? Math.floor(t / 100) : 40;
    offsets.push({ at: T0 + t, partitions: [{ partition: 0, end, committed, lag: end - committed }] });
  }
  const result = analyzeKafkaSide(input(offsets, tap));
  const lagSeries = result.series.filter((p) => p.metric === 'lag_seconds');

  it('gives lag_max_seconds as the highest per-second lag_seconds from second 0, from the same samples', () => {
    // Offset 40 was appended at 4 s; the last sample inside the window (12 s) saw it waiting 8 s.
    expect(result.lagMaxSeconds).toBe(8);
    expect(Math.max(...lagSeries.filter((p) => p.second >= 0).map((p) => p.value))).toBe(result.lagMaxSeconds);
    // The teardown samples (12.2-12.6 s, up to 8.6 s) are in neither.
    expect(lagSeries.every((p) => p.value <= 8)).toBe(true);
  });

  it('names how many orders of the window the e2e upper bound leaves out: never committed', () => {
    expect(result.e2eUpperSummary.count).toBe(40);
    expect(result.e2eUpperUncommitted).toBe(60);
  });

  it('leaves the count unmeasured (null), not 0, without a tap', () => {
    expect(analyzeKafkaSide(input(offsets, [])).e2eUpperUncommitted).toBeNull();
  });
});

/**
 * Partition 0 from the start; an alter at 3 s adds partition 1, which the offset samples list
 * from 3.2 s. `firstAt` is when the producer's first record reached it (none: undefined).
 */
function alteredRun(firstAt: number | undefined): AddedPartition[] {
  const offsets: LagSample[] = [];
  const tap: TapRecord[] = [];
  for (let t = 0; t <= 10_000; t += 200) {
    const partitions: PartitionLag[] = [{ partition: 0, end: t / 200, committed: t / 200, lag: 0 }];
    if (t >= 3200) {
      // Committed 400 ms after its first record.
      const end = firstAt === undefined || t < firstAt ? 0 : Math.floor((t - firstAt) / 200) + 1;
      const committed = firstAt === undefined || t < firstAt + 400 ? null : end;
      partitions.push({ partition: 1, end, committed, lag: end - (committed ?? 0) });
    }
    offsets.push({ at: T0 + t, partitions });
  }
  if (firstAt !== undefined) for (let o = 0; firstAt + o * 200 <= 10_000; o++) tap.push({ p: 1, o, t: T0 + firstAt + o * 200 });
  const alterations = [{ action: 'alterPartitions(2)', at: T0 + 3000, partitions: 2 }];
  return analyzeKafkaSide(input(offsets, tap, { alterations })).addedPartitions;
}

describe('a partition an alter added', () => {
  it('is followed from its creation to its first record appended and committed', () => {
    const [p] = alteredRun(3600);
    expect(p).toMatchObject({ action: 'alterPartitions(2)', alteredAt: T0 + 3000, partition: 1, firstAppendedAt: T0 + 3600, firstCommittedAt: T0 + 4000 });
    expect(p!.records).toBeGreaterThan(0);
  });

  it('is a row with 0 records, never a missing one, when the producer never wrote to it', () => {
    expect(alteredRun(undefined)).toEqual([
      { action: 'alterPartitions(2)', alteredAt: T0 + 3000, partition: 1, records: 0, firstAppendedAt: null, firstCommittedAt: null },
    ]);
  });
});

describe('producerGaps: the producer did not follow an alter', () => {
  const loadEnd = T0 + 10_000;

  it('is none when the first record came within the metadata age and the margin', () => {
    expect(producerGaps(alteredRun(3600), 1000, loadEnd)).toEqual([]);
  });

  it('is a partition with no record, whatever the age, or one reached later than the age and the margin', () => {
    expect(producerGaps(alteredRun(undefined), 300_000, loadEnd)).toEqual([
      { partition: 1, action: 'alterPartitions(2)', alteredAt: T0 + 3000, firstRecordAfterMs: null, loadAfterMs: 7000 },
    ]);
    expect(producerGaps(alteredRun(9000), 1000, loadEnd)).toMatchObject([{ partition: 1, firstRecordAfterMs: 6000 }]);
    // A producer the harness does not run has an unknown age: only "no record" is a gap.
    expect(producerGaps(alteredRun(9000), null, loadEnd)).toEqual([]);
    expect(producerGaps(alteredRun(undefined), null, loadEnd)).toHaveLength(1);
  });

  it('says nothing of an alter after the load ended', () => {
    expect(producerGaps(alteredRun(undefined), 1000, T0 + 2000)).toEqual([]);
  });
});

/** Just what gapNotes reads of a cell's result. */
function cell(system: unknown, added: AddedPartition[], k: { uncommitted?: number | null; key?: string } = {}): CellResult {
  return {
    raw: {
      cell: {
        name: 'p1-r2-rate200',
        system,
        topology: { producer: { metadataMaxAgeMs: 300_000 }, key: k.key ?? 'none' },
        load: { payload: { productIds: 1 } },
      },
      repeat: 1,
      times: { measureFrom: T0, measureTo: T0 + 19_000, end: T0 + 30_000 },
    },
    kafkaSide: {
      kafka: {
        addedPartitions: added,
        e2eUpperUncommitted: k.uncommitted ?? 0,
        e2eUpperSummary: { count: 3868, p99Ms: 1180 },
        lagMaxSeconds: 42.249,
      },
    },
  } as unknown as CellResult;
}

describe('notes under the table for what the figures leave out', () => {
  const none: AddedPartition = { action: 'alterPartitions(2)', alteredAt: T0 + 4000, partition: 1, records: 0, firstAppendedAt: null, firstCommittedAt: null };
  const kafkaOrders = { kind: 'external', orders: { kafka: {} } };

  it("name the load's producer, its metadata age and the setting to change", () => {
    expect(gapNotes(cell(kafkaOrders, [none]))).toEqual([
      "p1-r2-rate200#1 partition 1, added by alterPartitions(2) at 4.0 s, got no record in the 15.0 s the load ran after it: the load's producer writes to an added partition only once its metadata is topology.producer.metadataMaxAgeMs (300000 ms) old; set topology.producer.metadataMaxAgeMs below 13000 ms (e.g. 2000) so it follows the alter (kafka-partitions.csv)",
    ]);
    expect(gapNotes(cell(undefined, [none]))[0]).toContain("the order service's producer writes to an added partition");
  });

  it('say what a front door of your own needs, and why keyed orders may miss a partition', () => {
    const http = { kind: 'external', orders: { http: { url: 'http://x/orders', body: '{}' } } };
    expect(gapNotes(cell(http, [none]))[0]).toContain(
      "your front door's producer (system.orders.http) writes to an added partition only once its metadata is metadata.max.age.ms old (Kafka's default 300000 ms; Spring Boot: spring.kafka.producer.properties.metadata.max.age.ms); set it below 13000 ms",
    );
    expect(gapNotes(cell(kafkaOrders, [none], { key: 'productId' }))[0]).toContain(
      'orders are keyed by productId (topology.key) over load.payload.productIds 1: a partition no product id hashes to gets none at any age',
    );
  });

  it('give the orders the e2e upper bound leaves out beside its p99', () => {
    expect(gapNotes(cell(kafkaOrders, [], { uncommitted: 599 }))).toEqual([
      "p1-r2-rate200#1 e2e upper bound leaves out 599 orders of the measured window that were never committed by the drain's end: its p99 1180 ms is over the 3868 committed; the oldest waited up to 42.2 s (lag_max_seconds) (kafka-side.csv e2e_upper_uncommitted)",
    ]);
    expect(gapNotes(cell(kafkaOrders, [], { uncommitted: null }))).toEqual([]);
  });
});

describe('producerAgeNotes: before the run', () => {
  const scenario = (topology: object, system?: object) =>
    assertValidScenario(
      {
        topology: { partitions: 1, replicas: 2, ...topology },
        load: { rate: 50, durationS: 19 },
        timeline: [{ at: 4, action: 'alterPartitions', partitions: 2 }],
        ...(system ? { system } : {}),
      },
      'mine.yaml',
    );

  it('say when the producer cannot refresh its metadata before the load ends, naming the setting and its value', () => {
    expect(producerAgeNotes(scenario({}))).toEqual([
      "mine: alterPartitions(2) at 4 s, but the order service's producer writes to an added partition only once its metadata is topology.producer.metadataMaxAgeMs old (300000 ms, the default) and the load ends 15 s after the alter: the added partitions may get no records. Set topology.producer.metadataMaxAgeMs below 13000 ms (e.g. 2000) so it follows the alter",
    ]);
    expect(producerAgeNotes(scenario({ producer: { metadataMaxAgeMs: 2000 } }))).toEqual([]);
  });

  it("say nothing of a front door's producer, whose age the harness cannot know", () => {
    const system = { kind: 'external', topic: 't', group: 'g', orders: { http: { url: 'http://x/orders', body: '{}' } }, replicas: { command: ['c'] } };
    expect(producerAgeNotes(scenario({}, system))).toEqual([]);
  });
});
