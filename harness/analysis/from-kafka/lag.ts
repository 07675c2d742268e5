import type { LagSample, PartitionLag } from '../../model/samples.ts';
import { consumedTo } from './progress.ts';
import { secondKey, secondOf } from './series.ts';
import type { TapIndex } from './tap.ts';

export interface KafkaLag {
  /** The group's lag in messages, every partition together, highest sample of the window. */
  lagMax: number | null;
  /** The age of the oldest uncommitted record, highest of the window; null without a tap. */
  lagMaxSeconds: number | null;
  /**
   * Per second (warm-up included, nothing after the window's end) and partition: the highest age
   * of its oldest uncommitted record. lagMaxSeconds is the highest of these from second 0.
   */
  lagSecondsBySecond: ReadonlyMap<string, number>;
}

/**
 * How long the record at the partition's committed offset (the first the group has not
 * processed) has waited when the sample was taken: 0 for a partition caught up, undefined where
 * the tap does not have that record or the group has committed nothing.
 */
function oldestWaitingS(sampleAt: number, p: PartitionLag, tap: TapIndex): number | undefined {
  const consumed = consumedTo(p);
  if (consumed !== null && consumed >= p.end) return 0;
  const oldest = consumed !== null ? tap.at(p.partition, consumed) : undefined;
  return oldest ? (sampleAt - oldest.t) / 1000 : undefined;
}

/**
 * Lag in messages from the offset samples, in seconds from the timestamp of the first uncommitted
 * record. `offsets` sorted by time. The per-second series and its maximum come from the same
 * samples: none taken after the window's end (the drain's), where a sample the observer took
 * during teardown went into the series only (42.336 s there against 42.249 s in the summary).
 */
export function kafkaLag(offsets: readonly LagSample[], tap: TapIndex, window: { measureFrom: number; end: number }): KafkaLag {
  const inWindow = offsets.filter((s) => s.at >= window.measureFrom && s.at <= window.end);
  const lagSecondsBySecond = new Map<string, number>();
  let lagMaxSeconds: number | null = tap.records.length > 0 && inWindow.length > 0 ? 0 : null;
  for (const s of offsets) {
    if (s.at > window.end) break;
    for (const p of s.partitions) {
      const value = oldestWaitingS(s.at, p, tap);
      if (value === undefined) continue;
      const key = secondKey(secondOf(s.at, window.measureFrom), p.partition);
      lagSecondsBySecond.set(key, Math.max(lagSecondsBySecond.get(key) ?? 0, value));
      // Second 0 starts at measureFrom: the maximum reads the very samples of seconds 0 on.
      if (lagMaxSeconds !== null && s.at >= window.measureFrom) lagMaxSeconds = Math.max(lagMaxSeconds, value);
    }
  }
  const lagMax = inWindow.length > 0 ? Math.max(...inWindow.map((s) => s.partitions.reduce((n, p) => n + p.lag, 0))) : null;
  return { lagMax, lagMaxSeconds, lagSecondsBySecond };
}
