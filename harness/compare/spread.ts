import type { Spread } from './types.ts';

/** Median, range and sample standard deviation of one metric over a cell's repeats. */
export function spreadOf(values: ReadonlyArray<{ repeat: number; value: number | null }>): Spread | null {
  const measured = values.filter((v): v is { repeat: number; value: number } => v.value !== null);
  if (measured.length === 0) return null;
  const sorted = measured.map((v) => v.value).sort((a, b) => a - b);
  const n = sorted.length;
  const mid = Math.floor(n / 2);
  const median = n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const mean = sorted.reduce((s, v) => s + v, 0) / n;
  const stddev = n > 1 ? Math.sqrt(sorted.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { n, median, min: sorted[0]!, max: sorted[n - 1]!, stddev, values: measured };
}
