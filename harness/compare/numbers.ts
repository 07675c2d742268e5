/** Figures as a reader wants them: integers as they are, others to 3 significant decimals at most. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 1 : abs >= 1 ? 2 : 3;
  return String(Number(value.toFixed(digits)));
}

export function formatSigned(value: number): string {
  return `${value > 0 ? '+' : value < 0 ? '' : '±'}${formatNumber(value)}`;
}

export function formatPct(pct: number): string {
  return `${pct > 0 ? '+' : pct < 0 ? '' : '±'}${pct.toFixed(1)}%`;
}
