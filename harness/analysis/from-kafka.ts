/**
 * The consumer group's figures from Kafka alone (pure): committed offsets sampled several times a
 * second, the coordinator's assignments and the tap's offset -> timestamp/order id. Every figure
 * carries its resolution: a commit is seen at most one sampling interval after it happens, and a
 * consumer commits what it processed up to one commit interval later, so a time read from
 * committed progress is late by up to (sampling interval + commit interval).
 */
import { createHistogram, recordMs, snapshot, type Histogram } from '../measure/histogram.ts';
import type { AcceptedOrder, HistogramSnapshot } from '../model/load.ts';
import type { TapRecord } from '../model/kafka-observation.ts';
import type { KafkaObservation } from '../model/kafka-observation.ts';
import type { GroupSample } from '../model/samples.ts';
import type { Phase } from './phases.ts';

export interface MemberPhase {
  phase: number;
  memberId: string;
  /** The replica the member is, where known (the project's replicas use their name as client id). */
  replica: string;
  partitions: number[];
  /** Offsets committed by the member in the phase: the messages it processed, as Kafka saw it. */
  committed: number;
  throughputPerS: number;
}

export interface PartitionPause {
  rebalance: number;
  startAt: number;
  endAt: number;
  partition: number;
  ownerBefore: string;
  ownerAfter: string;
  /** The longest stretch without committed progress, with records waiting, that overlaps the rebalance. */
  pauseMs: number | null;
}

export interface KafkaSideResult {
  /** Median interval between offset samples reached, and between a partition's commits. */
  offsetsIntervalMs: number | null;
  commitIntervalMs: number | null;
  /** How late a time read from committed progress can be: sampling + commit interval. */
  resolutionMs: number | null;
  members: MemberPhase[];
  idleMembers: number;
  membersMax: number;
  pauses: PartitionPause[];
  rebalances: number;
  pauseMaxMs: number | null;
  lagMax: number | null;
  lagMaxSeconds: number | null;
  /** Commit time minus record timestamp: an upper bound of end-to-end latency. */
  e2eUpper: Histogram;
  e2eUpperSummary: HistogramSnapshot;
  /** Offsets committed in the measured window, every partition. */
  committedInWindow: number;
  accounting: {
    accepted: number;
    /** Accepted orders whose id the tap found in the topic. */
    inTopic: number;
    inTopicTwice: number;
    missingFromTopic: number;
    /** In the topic and below the group's committed offset at the end. */
    committed: number;
    uncommitted: number;
    /**
     * From the stock URLs: the decrements of every replica, in orders (÷ qty), minus the orders
     * committed; null (not measured) without stock URLs or when a replica's stock could not be
     * read at the end (a killed replica's memory is gone).
     */
    stockDecrements: number | null;
    duplicatedDecrements: number | null;
  } | null;
  failures: KafkaObservation['failures'];
  /**
   * Per second from the measurement's start (warm-up negative): `throughput` per member (offsets
   * its partitions' committed position advanced by) and `lag_seconds` per partition (the age of
   * the oldest uncommitted record, highest in the second). For an external system these are
   * timeseries.csv's throughput and lag_seconds.
   */
  series: { second: number; metric: 'throughput' | 'lag_seconds'; subject: string; value: number }[];
}

const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

/** Who owned each partition at time t: the last group sample at or before t. */
function ownerAt(group: readonly GroupSample[], t: number, partition: number): string | undefined {
  let lo = 0;
  let hi = group.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (group[mid]!.at <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0) return undefined;
  return group[found]!.members.find((m) => m.partitions.includes(partition))?.memberId;
}

/** The first owner the coordinator reports after t: a new owner commits before a sample shows it. */
function ownerAfter(group: readonly GroupSample[], t: number, partition: number): string | undefined {
  return group.find((s) => s.at > t && s.members.some((m) => m.partitions.includes(partition)))?.members.find((m) => m.partitions.includes(partition))
    ?.memberId;
}

/**
 * Who made a commit seen at `at` on `partition` (the previous advance was seen at `prevAt`).
 * Group samples lag: the one before `at` can still show a member that has since left the group
 * (a killed one stays listed until its session times out, and its successor's first commit can
 * be seen before the next group sample). So when the progress comes after a stall (no advance
 * for longer than `stallMs`, two commit intervals) and the member the samples name is gone from
 * the next group sample while another owns the partition, the successor made it: crediting the
 * gone member handed a member killed 6 s earlier the 662 orders its successor caught up on.
 * Progress at the usual cadence stays with the member that owned the partition, so a member
 * that commits and then leaves keeps its last commit.
 */
function committerOf(group: readonly GroupSample[], partition: number, at: number, prevAt: number, stallMs: number): string {
  const before = ownerAt(group, at, partition) ?? ownerAt(group, prevAt, partition);
  if (before !== undefined && at - prevAt > stallMs) {
    const next = group.find((s) => s.at > at);
    const successor = ownerAfter(group, at, partition);
    if (next !== undefined && !next.members.some((m) => m.memberId === before) && successor !== undefined) return successor;
  }
  return before ?? ownerAfter(group, at, partition) ?? '';
}

/** Everything the figures are computed from: what the probes recorded of the cell, and its schedule. */
export interface KafkaSideInput {
  observation: KafkaObservation;
  tap: readonly TapRecord[];
  /** The orders the load had accepted; null where the cell had no load to account for. */
  accepted: readonly AcceptedOrder[] | null;
  phases: readonly Phase[];
  window: { measureFrom: number; measureTo: number; end: number };
  /** When each timeline action ran: a change of assignment belongs to the last action before it. */
  actionTimes: readonly number[];
  nameOf: (memberId: string, clientId: string) => string;
  /** The quantity every order carries (load.payload.qty): stock decrements in orders. */
  qty: number;
}

export function analyzeKafkaSide(input: KafkaSideInput): KafkaSideResult {
  const { observation: obs, tap: tapped, accepted, phases, window, actionTimes, nameOf, qty } = input;
  // The tap may read an offset twice (its own group rebalances when partitions are added).
  const unique = new Map<string, TapRecord>();
  for (const r of tapped) unique.set(`${r.p}:${r.o}`, r);
  const tap = [...unique.values()];
  const offsets = [...obs.offsets].sort((a, b) => a.at - b.at);
  const group = [...obs.group].sort((a, b) => a.at - b.at);
  const partitions = [...new Set(offsets.flatMap((s) => s.partitions.map((p) => p.partition)))].sort((a, b) => a - b);
  const clientOf = new Map(group.flatMap((s) => s.members.map((m) => [m.memberId, m.clientId] as const)));
  const name = (id: string) => nameOf(id, clientOf.get(id) ?? '');

  const gaps = offsets.slice(1).map((s, i) => s.at - offsets[i]!.at);
  const offsetsIntervalMs = median(gaps);

  // Per partition: the sample times at which committed progress was seen.
  // `from`: the sample before, so the commit happened in (from, at].
  const advances = new Map<number, { at: number; from: number; committed: number; waiting: boolean }[]>();
  const commitGaps: number[] = [];
  for (const p of partitions) {
    const list: { at: number; from: number; committed: number; waiting: boolean }[] = [];
    let last: number | null = null;
    let previousAt: number | undefined;
    for (const s of offsets) {
      const sampledBefore = previousAt ?? s.at;
      previousAt = s.at;
      const state = s.partitions.find((x) => x.partition === p);
      if (!state) continue;
      const { end } = state;
      // No commit yet: the group stands at the log start (end - lag, as the lag probe counts
      // it), so a new partition's first commit is progress like any other.
      const c: number | null = state.committed ?? (last === null ? end - state.lag : null);
      if (c === null) continue;
      if (last === null || c > last) list.push({ at: s.at, from: sampledBefore, committed: c, waiting: c < end });
      else if (list.length > 0) list[list.length - 1]!.waiting ||= c < end;
      last = c;
    }
    advances.set(p, list);
    // A consumer's commit cadence: advances while records kept waiting (steady state, not idle).
    for (let i = 1; i < list.length; i++) if (list[i - 1]!.waiting && list[i]!.at - list[i - 1]!.at < 5000) commitGaps.push(list[i]!.at - list[i - 1]!.at);
  }
  const commitIntervalMs = median(commitGaps);
  const resolutionMs = offsetsIntervalMs === null ? null : offsetsIntervalMs + (commitIntervalMs ?? 0);

  // Throughput per member and phase: each advance credited to the partition's owner before it.
  const credit = new Map<string, number>();
  const secondOf = (t: number) => Math.floor((t - window.measureFrom) / 1000);
  const perSecond = new Map<string, number>();
  let committedInWindow = 0;
  for (const p of partitions) {
    const list = advances.get(p)!;
    for (let i = 1; i < list.length; i++) {
      const at = list[i]!.at;
      const delta = list[i]!.committed - list[i - 1]!.committed;
      // The member that owned the partition when the commit was seen made it; during a rebalance
      // (no owner then) it is the one that owned it before (the revoking member commits last),
      // or for a partition new to the group the first owner reported after (samples lag commits).
      const owner = committerOf(group, p, at, list[i - 1]!.at, 2 * (commitIntervalMs ?? 1000));
      const secondKey = `${secondOf(at)}\u0000${owner}`;
      perSecond.set(secondKey, (perSecond.get(secondKey) ?? 0) + delta);
      // Spread over the phases the sampling interval overlaps: the commit is somewhere in it, so a
      // phase boundary inside it does not shift a whole interval's work to one side.
      const from = list[i]!.from;
      for (const phase of phases) {
        const share = from >= at ? (at >= phase.from && at < phase.to ? 1 : 0) : Math.max(0, Math.min(at, phase.to) - Math.max(from, phase.from)) / (at - from);
        if (share === 0) continue;
        committedInWindow += delta * share;
        const key = `${phase.index}\u0000${owner}`;
        credit.set(key, (credit.get(key) ?? 0) + delta * share);
      }
    }
  }
  const members: MemberPhase[] = [];
  let idleMembers = 0;
  let membersMax = 0;
  for (const phase of phases) {
    const inPhase = group.filter((s) => s.at >= phase.from && s.at < phase.to);
    const ids = [...new Set(inPhase.flatMap((s) => s.members.map((m) => m.memberId)))];
    membersMax = Math.max(membersMax, ...inPhase.map((s) => s.members.length));
    // Idle: in every sample of the phase, and never owning a partition in it.
    const present = ids.filter((id) => inPhase.length > 0 && inPhase.every((s) => s.members.some((m) => m.memberId === id)));
    const idle = present.filter((id) => inPhase.every((s) => (s.members.find((m) => m.memberId === id)?.partitions.length ?? 0) === 0));
    idleMembers = Math.max(idleMembers, idle.length);
    const seconds = (phase.to - phase.from) / 1000;
    for (const id of ids) {
      const last = [...inPhase].reverse().find((s) => s.members.some((m) => m.memberId === id));
      const committed = credit.get(`${phase.index}\u0000${id}`) ?? 0;
      members.push({
        phase: phase.index,
        memberId: id,
        replica: name(id),
        partitions: last?.members.find((m) => m.memberId === id)?.partitions ?? [],
        committed: Math.round(committed),
        throughputPerS: seconds > 0 ? committed / seconds : 0,
      });
    }
  }

  // Rebalances: a change of assignment between group samples (or a state other than Stable);
  // changes with the same trigger within 15 s of each other are one event, as the journal
  // analysis counts them.
  const triggerOf = (t: number) => actionTimes.filter((a) => a <= t).length;
  const assignment = (s: GroupSample) =>
    s.members
      .map((m) => `${m.memberId}:${m.partitions.join(',')}`)
      .sort()
      .join(' ');
  const events: { startAt: number; endAt: number; trigger: number; before: GroupSample; after?: GroupSample }[] = [];
  let stable: GroupSample | undefined;
  for (const s of group) {
    if (s.at < window.measureFrom - 1000 || s.at > window.end) {
      if (s.state === 'Stable') stable = s;
      continue;
    }
    const settled = s.state === 'Stable';
    if (stable && (!settled || assignment(s) !== assignment(stable))) {
      const open = events.at(-1);
      if (open && open.trigger === triggerOf(s.at) && (open.after === undefined || s.at - open.endAt < 15_000)) {
        open.endAt = s.at;
        if (settled) open.after = s;
      } else events.push({ startAt: s.at, endAt: s.at, trigger: triggerOf(s.at), before: stable, ...(settled ? { after: s } : {}) });
    }
    if (settled) stable = s;
  }
  const pauses: PartitionPause[] = [];
  events.forEach((e, i) => {
    const after = e.after ?? stable;
    for (const p of partitions) {
      const ownerBefore = e.before.members.find((m) => m.partitions.includes(p))?.memberId ?? '';
      const ownerAfter = after?.members.find((m) => m.partitions.includes(p))?.memberId ?? '';
      const list = advances.get(p)!;
      let pause: number | null = null;
      // A partition new to the group had no owner to pause: as in rebalances.csv, its pause is empty.
      for (let k = 1; ownerBefore !== '' && k < list.length; k++) {
        const [a, b] = [list[k - 1]!, list[k]!];
        if (!a.waiting) continue;
        if (b.at >= e.startAt && a.at <= e.endAt) pause = Math.max(pause ?? 0, b.at - a.at);
      }
      pauses.push({
        rebalance: i,
        startAt: e.startAt,
        endAt: e.endAt,
        partition: p,
        ownerBefore: ownerBefore && name(ownerBefore),
        ownerAfter: ownerAfter && name(ownerAfter),
        pauseMs: pause,
      });
    }
  });
  const pauseValues = pauses.map((p) => p.pauseMs).filter((x): x is number => x !== null);

  // Lag: messages from the samples; seconds from the timestamp of the first uncommitted record.
  const byOffset = unique;
  const inWindow = offsets.filter((s) => s.at >= window.measureFrom && s.at <= window.end);
  const lagSecondsBySecond = new Map<string, number>();
  for (const s of offsets) {
    for (const p of s.partitions) {
      const oldest = p.committed !== null && p.committed < p.end ? byOffset.get(`${p.partition}:${p.committed}`) : undefined;
      const value = p.committed !== null && p.committed >= p.end ? 0 : oldest ? (s.at - oldest.t) / 1000 : undefined;
      if (value === undefined) continue;
      const key = `${secondOf(s.at)}\u0000${p.partition}`;
      lagSecondsBySecond.set(key, Math.max(lagSecondsBySecond.get(key) ?? 0, value));
    }
  }
  const series: KafkaSideResult['series'] = [];
  if (offsets.length > 0) {
    const ids = [...new Set(group.flatMap((g) => g.members.map((m) => m.memberId)))];
    for (let second = secondOf(offsets[0]!.at); second <= secondOf(offsets.at(-1)!.at); second++) {
      for (const id of ids) series.push({ second, metric: 'throughput', subject: name(id), value: perSecond.get(`${second}\u0000${id}`) ?? 0 });
      if (tap.length > 0) {
        for (const p of partitions) {
          const v = lagSecondsBySecond.get(`${second}\u0000${p}`);
          if (v !== undefined) series.push({ second, metric: 'lag_seconds', subject: String(p), value: Math.round(v * 1000) / 1000 });
        }
      }
    }
  }
  const lagMax = inWindow.length > 0 ? Math.max(...inWindow.map((s) => s.partitions.reduce((n, p) => n + p.lag, 0))) : null;
  let lagMaxSeconds: number | null = tap.length > 0 && inWindow.length > 0 ? 0 : null;
  if (lagMaxSeconds !== null) {
    for (const s of inWindow) {
      for (const p of s.partitions) {
        if (p.committed === null || p.committed >= p.end) continue;
        const oldest = byOffset.get(`${p.partition}:${p.committed}`);
        if (oldest) lagMaxSeconds = Math.max(lagMaxSeconds, (s.at - oldest.t) / 1000);
      }
    }
  }

  // e2e upper bound: the first sample that saw a record's offset committed, minus its timestamp.
  const e2eUpper = createHistogram();
  for (const p of partitions) {
    const list = advances.get(p)!;
    const records = tap.filter((r) => r.p === p && r.t >= window.measureFrom && r.t < window.measureTo).sort((a, b) => a.o - b.o);
    let k = 0;
    for (const r of records) {
      while (k < list.length && list[k]!.committed <= r.o) k++;
      if (k >= list.length) break;
      recordMs(e2eUpper, Math.max(0, list[k]!.at - r.t));
    }
  }

  let accounting: KafkaSideResult['accounting'] = null;
  // Orders accepted without an id (an HTTP endpoint that answers none) cannot be traced.
  if (accepted && tap.length > 0 && accepted.every((a) => a.orderId !== '')) {
    const finalCommitted = new Map<number, number>();
    for (const s of offsets)
      for (const p of s.partitions) if (p.committed !== null) finalCommitted.set(p.partition, Math.max(finalCommitted.get(p.partition) ?? 0, p.committed));
    const byId = new Map<string, TapRecord[]>();
    for (const r of tap) if (r.id !== undefined) (byId.get(r.id) ?? byId.set(r.id, []).get(r.id)!).push(r);
    let inTopic = 0;
    let twice = 0;
    let committed = 0;
    for (const a of accepted) {
      const found = byId.get(a.orderId);
      if (!found) continue;
      inTopic++;
      if (found.length > 1) twice++;
      if (found.every((r) => r.o < (finalCommitted.get(r.p) ?? 0))) committed++;
    }
    // Every record committed, warm-up included, is an order the replicas decremented stock for.
    const stock = obs.stock ?? [];
    const readable = stock.length > 0 && stock.every((s) => s.after !== null);
    const byUrl = new Map(stock.map((s) => [s.url, s]));
    const decremented = readable ? [...byUrl.values()].reduce((n, s) => n + (s.before - s.after!), 0) / qty : null;
    const committedRecords = tap.filter((r) => r.o < (finalCommitted.get(r.p) ?? 0)).length;
    accounting = {
      accepted: accepted.length,
      inTopic,
      inTopicTwice: twice,
      missingFromTopic: accepted.length - inTopic,
      committed,
      uncommitted: inTopic - committed,
      stockDecrements: decremented,
      duplicatedDecrements: decremented === null ? null : decremented - committedRecords,
    };
  }

  return {
    offsetsIntervalMs,
    commitIntervalMs,
    resolutionMs,
    members,
    idleMembers,
    membersMax,
    pauses,
    rebalances: events.length,
    pauseMaxMs: pauseValues.length > 0 ? Math.max(...pauseValues) : null,
    lagMax,
    lagMaxSeconds,
    e2eUpper,
    e2eUpperSummary: snapshot(e2eUpper),
    committedInWindow: Math.round(committedInWindow),
    accounting,
    failures: obs.failures,
    series,
  };
}
