/**
 * What `--dry-run` prints: one line per cell with the values it will run, and how long the whole
 * sweep may take, so a sweep too long for the machine is noticed before it starts.
 */
import { describeEvent, rateInCell } from '../model/timeline/index.ts';
import type { Cell, TimelineEvent } from '../model/scenario.ts';
import { variantName } from '../model/variant.ts';
import { DEFAULT_SESSION_TIMEOUT_MS, takeoverWaitMs } from '../model/timeline/takeover.ts';

/** Starting the topic, the group and its replicas, and waiting until every member has partitions. */
export const SETUP_ESTIMATE_S = 10;

/** Upper bound for one run of a cell: the drain is counted at its timeout, or a kill's takeover wait where that ends later. */
export function estimateRunSeconds(cell: Cell): number {
  const drainEnd = cell.load.durationS + cell.drain.timeoutS;
  const takeoverEnd = Math.max(0, ...cell.timeline.filter((e) => e.action === 'killReplica').map((e) => e.at + takeoverWaitMs(sessionTimeoutOf(cell)) / 1000));
  return SETUP_ESTIMATE_S + cell.load.warmupS + Math.ceil(Math.max(drainEnd, takeoverEnd));
}

/** The session timeout a kill's takeover waits for, as far as the scenario says (a KIP-848 group's is the broker's, assumed at its default). */
function sessionTimeoutOf(cell: Cell): number {
  const system = cell.system?.kind === 'external' ? cell.system : undefined;
  return system?.sessionTimeoutMs ?? cell.topology.consumer.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS;
}

export function estimateSweepSeconds(cells: readonly Cell[]): number {
  return cells.reduce((total, cell) => total + cell.repeats * estimateRunSeconds(cell), 0);
}

export function formatCells(cells: readonly Cell[]): string {
  const width = Math.max(0, ...cells.map((cell) => cell.name.length));
  const lines = cells.map((cell) => `${cell.name.padEnd(width)}  ${describeCell(cell)}`);
  const runs = cells.reduce((total, cell) => total + cell.repeats, 0);
  lines.push(
    `${plural(cells.length, 'cell')}, ${plural(runs, 'run')}, at most ~${formatSeconds(estimateSweepSeconds(cells))} ` +
      `(per run: ~${SETUP_ESTIMATE_S} s setup + warm-up + measurement + drain timeout, or a kill's takeover wait if later)`,
  );
  return lines.join('\n');
}

/** The timeline of a cell whose load.rate is `baseRate`: a rate change by a factor also says the orders/s it goes to there. */
function formatTimeline(timeline: readonly TimelineEvent[], baseRate: number): string {
  if (timeline.length === 0) return 'none';
  return timeline.map((e) => formatEvent(e, baseRate)).join(', ');
}

function describeCell(cell: Cell): string {
  const { topology: t, load: l } = cell;
  const ext = cell.system?.kind === 'external' ? cell.system : undefined;
  if (ext) {
    // Store, work and client settings are the project's replicas'; an external system has its own.
    const orders = ext.orders.kafka ? 'kafka' : `http ${ext.orders.http!.url}`;
    const replicas = ext.replicas.command ? `command ${ext.replicas.command[0]}` : `scale ${ext.replicas.scale![0]}`;
    return [
      `external topic=${ext.topic}${ext.createTopic ? ' (created)' : ' (existing)'} group=${ext.group}/${ext.groupProtocol ?? 'kind found from Kafka'}`,
      `partitions=${ext.createTopic ? t.partitions : "the topic's"}`,
      `replicas=${t.replicas} (${replicas})`,
      `orders=${orders}`,
      `rate=${l.rate}/s`,
      ...runShape(cell),
    ].join(' ');
  }
  return [
    `partitions=${t.partitions}`,
    `replicas=${t.replicas}`,
    `store=${t.store}`,
    `key=${t.key}`,
    `work=${t.work.perMessageMs}ms/${t.work.mode}`,
    `consumer=${variantName(t.consumer)}`,
    `pcc=${t.consumer.partitionsConsumedConcurrently}`,
    `rate=${l.rate}/s`,
    `conn=${l.connections}`,
    `workers=${l.workers}`,
    ...runShape(cell),
  ].join(' ');
}

/** What every cell says after its own settings: how long it runs and what happens meanwhile. */
function runShape(cell: Cell): string[] {
  const l = cell.load;
  return [
    ...(cell.cluster.kafkaVersion ? [`kafka=${cell.cluster.kafkaVersion}`] : []),
    `warmup=${l.warmupS}s`,
    `measure=${l.durationS}s`,
    `drain<=${cell.drain.timeoutS}s`,
    `repeats=${cell.repeats}`,
    `timeline: ${formatTimeline(cell.timeline, l.rate)}`,
  ];
}

function formatEvent(event: TimelineEvent, baseRate: number): string {
  return `${event.at}s ${describeEvent(event)}${rateInCell(event, baseRate)}`;
}

function formatSeconds(seconds: number): string {
  const rounded = Math.round(seconds);
  const minutes = Math.floor(rounded / 60);
  return minutes === 0 ? `${rounded}s` : `${minutes}m ${String(rounded % 60).padStart(2, '0')}s`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
