/**
 * What each fault did, from the raw record alone (pure, like the rest of the analysis): the
 * window in which the order service answered 5xx or timed out, the HTTP latency inside the
 * fault's window, leadership and ISR changes and coordinator moves seen by the metadata probe,
 * the rebalances and consumer pauses that followed, and the orders lost and duplicated.
 *
 * A fault's window runs from its execution to the next fault's, or to the end of the drain.
 */
import { createHistogram, decodeHistogram, snapshot } from '../measure/histogram.ts';
import type { AcceptedOrder } from '../model/load.ts';
import type { ExecutedAction, RawCell } from '../model/raw-cell.ts';
import type { MetadataSample } from '../model/samples.ts';
import { specOf, describeAction } from '../model/timeline/index.ts';
import type { ProcessedOrder } from './journal.ts';
import type { Rebalance } from './rebalances.ts';
import { killRedelivery, type KillRedelivery } from './redelivery.ts';

export interface FaultEffect {
  action: string;
  /** Epoch ms: executed, and the end of its window. */
  at: number;
  windowEnd: number;
  /** The node or replica it hit. */
  target: string;
  /** First second with a 5xx, timeout or connection error in the window, and how long until the last one ended; null when none. */
  unavailableFrom: number | null;
  unavailableMs: number | null;
  httpErrors: number;
  httpP99Ms: number | null;
  httpMaxMs: number | null;
  /** Partition leaders that changed between two metadata samples (a partition without a leader counts once). */
  leaderChanges: number;
  isrShrinks: number;
  isrExpands: number;
  coordinatorMoves: number;
  rebalances: number;
  /** The longest stop in processing on any partition in the window, and that partition. */
  consumerPauseMaxMs: number | null;
  consumerPausePartition: number | null;
  /**
   * Accepted in the window and never processed (null when the drain timed out: a backlog cannot
   * be told from a loss; and for a system whose replicas write no journal: kafka-side.csv counts
   * from Kafka alone).
   */
  ordersLost: number | null;
  /** Processed again within the window (null without journals). */
  ordersDuplicated: number | null;
  /** Probe reads (lag, group, metadata) that failed or timed out in the window. */
  probeFailures: number;
  /**
   * A share-group member killed or stopped: the records it held that the members that stayed
   * processed again, and how long after the fault the last of them was; null for a consumer group
   * and for a fault that hit no replica.
   */
  redelivery: KillRedelivery | null;
  /** A replica killed or stopped: its member is gone from the group. */
  memberLoss: boolean;
}

export function faultEffects(
  raw: RawCell,
  accepted: readonly AcceptedOrder[],
  deliveries: readonly ProcessedOrder[],
  rebalances: readonly Rebalance[],
  journaled = true,
): FaultEffect[] {
  const faults = raw.timeline.filter((a) => a.executedAt !== undefined && specOf(a.event).fault);
  const end = raw.times.drainEnd ?? raw.times.measureTo ?? raw.times.end;
  const periods = raw.load?.periods ?? [];
  const processed = new Map<string, number[]>();
  for (const d of deliveries) processed.set(d.orderId, [...(processed.get(d.orderId) ?? []), d.processedAt]);
  const byPartition = new Map<number, number[]>();
  for (const d of deliveries) byPartition.set(d.partition, [...(byPartition.get(d.partition) ?? []), d.processedAt]);
  for (const times of byPartition.values()) times.sort((a, b) => a - b);
  const failures = [...(raw.probeFailures?.lag ?? []), ...(raw.probeFailures?.group ?? []), ...(raw.probeFailures?.metadata ?? [])];

  return faults.map((fault, i) => {
    const from = fault.executedAt!;
    const to = Math.max(from, faults[i + 1]?.executedAt ?? end);
    const inWindow = (t: number) => t >= from && t < to;

    const windowPeriods = periods.filter((p) => p.startAt + 1000 > from && p.startAt < to);
    const failing = windowPeriods.filter((p) => unavailable(p.errors) > 0);
    const latency = createHistogram();
    for (const p of windowPeriods) if (p.latency.count > 0) latency.add(decodeHistogram(p.latency.encoded));
    const lat = latency.totalCount > 0 ? snapshot(latency) : undefined;

    // The last sample before the fault is the state it changed.
    const all = raw.metadata ?? [];
    const before = all.filter((s) => s.at < from).at(-1);
    const metadata = [...(before ? [before] : []), ...all.filter((s) => s.at >= from && s.at < to)];
    const changes = metadataChanges(metadata);

    const hits = rebalances.filter((r) => inWindow(r.start));
    const pause = longestPause(byPartition, from, to);
    const acceptedHere = accepted.filter((a) => inWindow(a.createdAt));
    let duplicated = 0;
    for (const times of processed.values()) if (times.length > 1 && times.slice(1).some(inWindow)) duplicated++;

    return {
      action: describeAction(fault),
      at: from,
      windowEnd: to,
      target: target(fault),
      unavailableFrom: failing.length > 0 ? Math.max(from, failing[0]!.startAt) : null,
      unavailableMs: failing.length > 0 ? failing.at(-1)!.startAt + 1000 - Math.max(from, failing[0]!.startAt) : null,
      httpErrors: windowPeriods.reduce((sum, p) => sum + unavailable(p.errors), 0),
      httpP99Ms: lat?.p99Ms ?? null,
      httpMaxMs: lat?.maxMs ?? null,
      ...changes,
      rebalances: hits.length,
      consumerPauseMaxMs: pause?.ms ?? null,
      consumerPausePartition: pause?.partition ?? null,
      ordersLost: raw.drained && journaled ? acceptedHere.filter((a) => !processed.has(a.orderId)).length : null,
      ordersDuplicated: journaled ? duplicated : null,
      probeFailures: failures.filter(inWindow).length,
      redelivery: leavesGroup(fault) ? killRedelivery(fault, from, to, deliveries) : null,
      memberLoss: leavesGroup(fault),
    };
  });
}

/** A replica's member gone from the group: its unacknowledged records go back to the others. */
const leavesGroup = (a: ExecutedAction): boolean => a.event.action === 'killReplica' || a.event.action === 'stopReplica';

/** 5xx, timeouts and refused or reset connections: the service was not there for the client. */
function unavailable(errors: Partial<Record<string, number>>): number {
  return (errors['5xx'] ?? 0) + (errors.timeout ?? 0) + (errors.network ?? 0);
}

function target(a: ExecutedAction): string {
  if (a.node !== undefined) return `node ${a.node}`;
  return a.replica ?? '';
}

/** Leader changes, ISR shrinks and expands per partition, coordinator moves, between consecutive samples. */
export function metadataChanges(samples: readonly MetadataSample[]): Pick<FaultEffect, 'leaderChanges' | 'isrShrinks' | 'isrExpands' | 'coordinatorMoves'> {
  let leaderChanges = 0;
  let isrShrinks = 0;
  let isrExpands = 0;
  let coordinatorMoves = 0;
  const sorted = [...samples].sort((a, b) => a.at - b.at);
  let lastCoordinator: number | null = null;
  for (let i = 0; i < sorted.length; i++) {
    const s = sorted[i]!;
    if (s.coordinator !== null) {
      if (lastCoordinator !== null && s.coordinator !== lastCoordinator) coordinatorMoves++;
      lastCoordinator = s.coordinator;
    }
    const prev = sorted[i - 1];
    if (!prev) continue;
    for (const p of s.partitions) {
      const before = prev.partitions.find((x) => x.partition === p.partition);
      if (!before) continue;
      // A leaderless interval (-1) and the new leader are one change, not two.
      if (p.leader !== before.leader && p.leader >= 0) leaderChanges++;
      if (p.isr.length < before.isr.length) isrShrinks++;
      if (p.isr.length > before.isr.length) isrExpands++;
    }
  }
  return { leaderChanges, isrShrinks, isrExpands, coordinatorMoves };
}

/** The longest gap between two processed orders of one partition that overlaps [from, to). */
function longestPause(byPartition: Map<number, number[]>, from: number, to: number): { ms: number; partition: number } | undefined {
  let best: { ms: number; partition: number } | undefined;
  for (const [partition, times] of byPartition) {
    for (let i = 0; i + 1 < times.length; i++) {
      const a = times[i]!;
      const b = times[i + 1]!;
      if (b < from || a >= to) continue;
      if (!best || b - a > best.ms) best = { ms: b - a, partition };
    }
  }
  return best;
}
