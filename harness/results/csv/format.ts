import type { ConsumerCell } from '../../model/scenario.ts';
import { LEGACY_VARIANT } from '../../model/variant.ts';

/** CSV cells: empty for "not measured", numbers rounded to what the measurement resolves. */
export type CsvValue = string | number | boolean | null | undefined;

export function num(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  const f = 10 ** digits;
  return String(Math.round(value * f) / f);
}

export const list = (values: readonly number[]) => values.join(' ');

/** client, group_protocol, assignor: a run from before clients were chosen was the legacy variant. */
export function clientColumns(r: {
  raw: { cell: { topology: { consumer: Partial<Pick<ConsumerCell, 'client' | 'groupProtocol' | 'assignor'>> } } };
}): CsvValue[] {
  const c = r.raw.cell.topology.consumer;
  return [c.client ?? LEGACY_VARIANT.client, c.groupProtocol ?? LEGACY_VARIANT.groupProtocol, c.assignor ?? LEGACY_VARIANT.assignor];
}
