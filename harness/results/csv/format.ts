import type { ConsumerCell } from '../../model/scenario.ts';
import { capabilitiesOf, type SystemSpec } from '../../model/system.ts';
import { LEGACY_VARIANT } from '../../model/variant.ts';

/** CSV cells: empty for "not measured", numbers rounded to what the measurement resolves. */
export type CsvValue = string | number | boolean | null | undefined;

export function num(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  const f = 10 ** digits;
  return String(Math.round(value * f) / f);
}

export const list = (values: readonly number[]) => values.join(' ');

/**
 * client, group_protocol, assignor: a run from before clients were chosen was the legacy variant.
 * Your consumer group (an external system writing no journal) is `external`, with the protocol
 * Kafka reported for it, else the one the scenario said.
 */
export function clientColumns(r: {
  raw: {
    cell: { topology: { consumer: Partial<Pick<ConsumerCell, 'client' | 'groupProtocol' | 'assignor'>> }; system?: SystemSpec | undefined };
    kafka?: { groupType?: string | undefined } | undefined;
  };
}): CsvValue[] {
  const system = r.raw.cell.system;
  if (system?.kind === 'external' && !capabilitiesOf(system).writesJournal) return ['external', r.raw.kafka?.groupType ?? system.groupProtocol ?? '', ''];
  const c = r.raw.cell.topology.consumer;
  return [c.client ?? LEGACY_VARIANT.client, c.groupProtocol ?? LEGACY_VARIANT.groupProtocol, c.assignor ?? LEGACY_VARIANT.assignor];
}
