import type { GroupSample, LagSample } from '../../model/samples.ts';
import { sharingMembers } from './sharing.ts';

export interface SeriesPoint {
  second: number;
  metric: 'throughput' | 'lag_seconds';
  subject: string;
  value: number;
}

/** The second of the measurement t falls in (warm-up negative). */
export const secondOf = (t: number, measureFrom: number) => Math.floor((t - measureFrom) / 1000);

/** A per-second figure's key: the second and its subject (a member id, a partition). */
export const secondKey = (second: number, subject: string | number) => `${second}\u0000${subject}`;

/**
 * Every second the offset samples span: the throughput of every member the group ever listed
 * (0 in a second it committed nothing), then, with a tap, the lag in seconds of each partition
 * that had one. `offsets` sorted by time.
 */
export function timeSeries(
  offsets: readonly LagSample[],
  group: readonly GroupSample[],
  partitions: readonly number[],
  throughputBySecond: ReadonlyMap<string, number>,
  lagSecondsBySecond: ReadonlyMap<string, number> | null,
  measureFrom: number,
  name: (memberId: string) => string,
): SeriesPoint[] {
  const series: SeriesPoint[] = [];
  if (offsets.length === 0) return series;
  // A member of shared partitions has no throughput of its own (members.ts): no series, rather than zeros.
  const shared = sharingMembers(group);
  const ids = [...new Set(group.flatMap((g) => g.members.map((m) => m.memberId)))].filter((id) => !shared.has(id));
  for (let second = secondOf(offsets[0]!.at, measureFrom); second <= secondOf(offsets.at(-1)!.at, measureFrom); second++) {
    for (const id of ids) series.push({ second, metric: 'throughput', subject: name(id), value: throughputBySecond.get(secondKey(second, id)) ?? 0 });
    if (lagSecondsBySecond === null) continue;
    for (const p of partitions) {
      const v = lagSecondsBySecond.get(secondKey(second, p));
      if (v !== undefined) series.push({ second, metric: 'lag_seconds', subject: String(p), value: Math.round(v * 1000) / 1000 });
    }
  }
  return series;
}
