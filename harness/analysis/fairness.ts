/**
 * Jain's fairness index of per-replica work: 1 when every replica does the same, 1/n when one
 * does everything. Undefined (NaN) with no replica or no work at all.
 */
export function jainIndex(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sum = values.reduce((a, b) => a + b, 0);
  const squares = values.reduce((a, b) => a + b * b, 0);
  return squares === 0 ? Number.NaN : (sum * sum) / (values.length * squares);
}
