/** CSV cells: empty for "not measured", numbers rounded to what the measurement resolves. */
export type CsvValue = string | number | boolean | null | undefined;

export function num(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  const f = 10 ** digits;
  return String(Math.round(value * f) / f);
}

export const list = (values: readonly number[]) => values.join(' ');
