import type { LagSample, PartitionLag } from '../../model/samples.ts';

/**
 * A partition's committed offset seen to move forward: the commit happened in (from, at], the
 * interval between the offset sample before and the one that saw it.
 */
export interface CommitAdvance {
  at: number;
  from: number;
  committed: number;
  /** Records were waiting (committed below the log end) when seen, or at a later sample before the next advance. */
  waiting: boolean;
}

export interface CommittedProgress {
  /** Every partition the offset samples name, ascending. */
  partitions: number[];
  advances: ReadonlyMap<number, readonly CommitAdvance[]>;
  /** Median interval between offset samples reached, and between a partition's commits. */
  offsetsIntervalMs: number | null;
  commitIntervalMs: number | null;
  /** How late a time read from committed progress can be: sampling + commit interval. */
  resolutionMs: number | null;
}

/** Advances further apart than this are a consumer that stopped, not its commit cadence. */
const CADENCE_GAP_MAX_MS = 5000;

export const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

/**
 * How far the group has consumed a partition: its committed offset, or the log end when the lag is 0.
 * The two differ only for a share group, whose start offset (as its coordinator last stored it) can
 * trail records already acknowledged past it, which the coordinator's lag counts as delivered.
 */
export const consumedTo = (p: PartitionLag): number | null => (p.committed !== null && p.lag === 0 ? Math.max(p.committed, p.end) : p.committed);

/** `offsets` sorted by time. */
export function committedProgress(offsets: readonly LagSample[]): CommittedProgress {
  const partitions = [...new Set(offsets.flatMap((s) => s.partitions.map((p) => p.partition)))].sort((a, b) => a - b);
  const offsetsIntervalMs = median(offsets.slice(1).map((s, i) => s.at - offsets[i]!.at));
  const advances = new Map<number, CommitAdvance[]>();
  const commitGaps: number[] = [];
  for (const p of partitions) {
    const list = advancesOf(offsets, p);
    advances.set(p, list);
    // A consumer's commit cadence: advances while records kept waiting (steady state, not idle).
    for (let i = 1; i < list.length; i++)
      if (list[i - 1]!.waiting && list[i]!.at - list[i - 1]!.at < CADENCE_GAP_MAX_MS) commitGaps.push(list[i]!.at - list[i - 1]!.at);
  }
  const commitIntervalMs = median(commitGaps);
  const resolutionMs = offsetsIntervalMs === null ? null : offsetsIntervalMs + (commitIntervalMs ?? 0);
  return { partitions, advances, offsetsIntervalMs, commitIntervalMs, resolutionMs };
}

function advancesOf(offsets: readonly LagSample[], partition: number): CommitAdvance[] {
  const list: CommitAdvance[] = [];
  let last: number | null = null;
  let previousAt: number | undefined;
  for (const s of offsets) {
    const sampledBefore = previousAt ?? s.at;
    previousAt = s.at;
    const state = s.partitions.find((x) => x.partition === partition);
    if (!state) continue;
    const { end } = state;
    // No commit yet: the group stands at the log start (end - lag, as the lag probe counts
    // it), so a new partition's first commit is progress like any other.
    const c: number | null = consumedTo(state) ?? (last === null ? end - state.lag : null);
    if (c === null) continue;
    if (last === null || c > last) list.push({ at: s.at, from: sampledBefore, committed: c, waiting: c < end });
    else if (list.length > 0) list[list.length - 1]!.waiting ||= c < end;
    last = c;
  }
  return list;
}
