import type { ExecutedAction, ReplicaRecord } from '../model/raw-cell.ts';
import type { GroupEvent, ProcessedOrder } from './journal.ts';

/** A stretch of the measurement between timeline actions; phase 0 runs until the first action. */
export interface Phase {
  index: number;
  from: number;
  to: number;
}

export function phasesOf(measureFrom: number, measureTo: number, actions: readonly ExecutedAction[]): Phase[] {
  const cuts = [...new Set(actions.map((a) => a.executedAt ?? a.plannedAt).filter((t) => t > measureFrom && t < measureTo))].sort((a, b) => a - b);
  const bounds = [measureFrom, ...cuts, measureTo];
  return bounds.slice(1).map((to, i) => ({ index: i, from: bounds[i]!, to }));
}

/**
 * The partitions a replica owned at time t, from its own journal: every group step says the
 * whole assignment after it (`owned`), so an incremental revoke of some partitions keeps the rest.
 */
export function assignmentAt(events: readonly GroupEvent[], replica: string, t: number): number[] {
  let owned: number[] = [];
  for (const e of events) {
    if (e.replica !== replica || e.at > t) continue;
    owned = e.owned;
  }
  return [...owned].sort((a, b) => a - b);
}

export function memberAt(events: readonly GroupEvent[], replica: string, t: number): string {
  let member = '';
  for (const e of events) if (e.replica === replica && e.at <= t && e.memberId) member = e.memberId;
  return member;
}

export interface ReplicaPhase {
  phase: number;
  replica: string;
  memberId: string;
  /** Alive for the whole phase. */
  alive: boolean;
  partitions: number[];
  processed: number;
  throughputPerS: number;
  stockDecrement: number;
}

/**
 * Each replica's share of each phase. A replica an addReplica started counts from that action,
 * which opened its phase: its process is up a moment (a JVM: seconds) after, and it is part of
 * the group the phase measures (alive, idle if it gets no partition).
 */
export function replicaPhases(
  phases: readonly Phase[],
  replicas: readonly ReplicaRecord[],
  events: readonly GroupEvent[],
  deliveries: readonly ProcessedOrder[],
  actions: readonly ExecutedAction[] = [],
): ReplicaPhase[] {
  const addedAt = new Map<string, number>();
  for (const a of actions) if (a.event.action === 'addReplica' && a.replica && a.executedAt !== undefined && !a.error) addedAt.set(a.replica, a.executedAt);
  const rows: ReplicaPhase[] = [];
  for (const phase of phases) {
    for (const r of replicas) {
      const ended = r.endedAt ?? Number.POSITIVE_INFINITY;
      const started = Math.min(r.startedAt, addedAt.get(r.name) ?? r.startedAt);
      if (started >= phase.to || ended <= phase.from) continue;
      const mine = deliveries.filter((d) => d.replica === r.name && d.processedAt >= phase.from && d.processedAt < phase.to);
      const seconds = (phase.to - phase.from) / 1000;
      rows.push({
        phase: phase.index,
        replica: r.name,
        memberId: memberAt(events, r.name, phase.to),
        alive: started <= phase.from && ended >= phase.to,
        // Where the phase settled: the assignment in force at its end (or when the replica left).
        partitions: assignmentAt(events, r.name, Math.min(phase.to, ended) - 1),
        processed: mine.length,
        throughputPerS: seconds > 0 ? mine.length / seconds : 0,
        stockDecrement: mine.reduce((s, d) => s + d.qty, 0),
      });
    }
  }
  return rows;
}
