import type { CellResult } from '../analysis/cell.ts';
import { producerGaps, type ProducerGap } from '../analysis/producer-follows.ts';
import { PRODUCER_FOLLOW_MARGIN_MS } from '../model/scenario.ts';

/**
 * Lines under the results table for what a cell's figures leave out and would otherwise be
 * silent about: an added partition the producer never wrote to (its new owner saw no work), and
 * orders the e2e upper bound cannot include because they were never committed.
 */
export function gapNotes(r: CellResult): string[] {
  const k = r.kafkaSide?.kafka;
  if (!k) return [];
  const id = `${r.raw.cell.name}#${r.raw.repeat}`;
  const notes: string[] = [];
  const producer = producerOf(r);
  const loadEnd = r.raw.times.measureTo;
  if (loadEnd !== undefined)
    for (const gap of producerGaps(k.addedPartitions, producer.metadataMaxAgeMs, loadEnd)) notes.push(`${id} ${producerGapNote(r, gap, producer)}`);
  const uncommitted = k.e2eUpperUncommitted ?? 0;
  if (uncommitted > 0) {
    const p99 =
      k.e2eUpperSummary.count > 0 ? `its p99 ${Math.round(k.e2eUpperSummary.p99Ms)} ms is over the ${k.e2eUpperSummary.count} committed` : 'it has no value';
    const waited = k.lagMaxSeconds === null ? '' : `; the oldest waited up to ${k.lagMaxSeconds.toFixed(1)} s (lag_max_seconds)`;
    notes.push(
      `${id} e2e upper bound leaves out ${uncommitted} orders of the measured window that were never committed by the drain's end: ${p99}${waited} (kafka-side.csv e2e_upper_uncommitted)`,
    );
  }
  return notes;
}

interface Producer {
  /** Who writes the orders to the topic, as the note names it. */
  name: string;
  /** The harness sets its metadata age; null for a producer the harness does not run. */
  metadataMaxAgeMs: number | null;
}

function producerOf(r: CellResult): Producer {
  const system = r.raw.cell.system;
  const age = r.raw.cell.topology.producer?.metadataMaxAgeMs ?? null;
  if (system?.kind !== 'external') return { name: "the order service's producer", metadataMaxAgeMs: age };
  if (system.orders.http) return { name: "your front door's producer (system.orders.http)", metadataMaxAgeMs: null };
  return { name: "the load's producer", metadataMaxAgeMs: age };
}

const s1 = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function producerGapNote(r: CellResult, gap: ProducerGap, producer: Producer): string {
  const measureFrom = r.raw.times.measureFrom ?? r.raw.times.end;
  const what = `partition ${gap.partition}, added by ${gap.action} at ${s1(gap.alteredAt - measureFrom)}`;
  const got =
    gap.firstRecordAfterMs === null
      ? `got no record in the ${s1(gap.loadAfterMs)} the load ran after it`
      : `got its first record only ${s1(gap.firstRecordAfterMs)} after it`;
  // To the 100 ms the note prints: a load that ran 3,999 ms after the alter asks for below 2000, not 1999.
  const below = Math.max(0, Math.round(gap.loadAfterMs / 100) * 100 - PRODUCER_FOLLOW_MARGIN_MS);
  if (producer.metadataMaxAgeMs === null) {
    return `${what}, ${got}: ${producer.name} writes to an added partition only once its metadata is metadata.max.age.ms old (Kafka's default 300000 ms; Spring Boot: spring.kafka.producer.properties.metadata.max.age.ms); set it below ${below} ms so it follows the alter (kafka-partitions.csv)`;
  }
  const age = `topology.producer.metadataMaxAgeMs (${producer.metadataMaxAgeMs} ms)`;
  const keyed = r.raw.cell.topology.key === 'productId' ? keyedNote(r) : '';
  if (producer.metadataMaxAgeMs + PRODUCER_FOLLOW_MARGIN_MS >= gap.loadAfterMs) {
    return `${what}, ${got}: ${producer.name} writes to an added partition only once its metadata is ${age} old; set topology.producer.metadataMaxAgeMs below ${below} ms${below > 2000 ? ' (e.g. 2000)' : ''} so it follows the alter${keyed} (kafka-partitions.csv)`;
  }
  return `${what}, ${got}, though ${producer.name} refreshes its metadata every ${age} (+ ${PRODUCER_FOLLOW_MARGIN_MS} ms margin)${keyed} (kafka-partitions.csv)`;
}

/** Keyed records go where their key hashes: with few product ids a partition may get none at any age. */
function keyedNote(r: CellResult): string {
  return `; orders are keyed by productId (topology.key) over load.payload.productIds ${r.raw.cell.load.payload.productIds}: a partition no product id hashes to gets none at any age`;
}
