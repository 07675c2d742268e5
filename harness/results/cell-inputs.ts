import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CellInputs } from '../analysis/cell.ts';
import { readJournal } from '../journal/read.ts';
import type { TapRecord } from '../model/kafka-observation.ts';
import type { AcceptedOrder } from '../model/load.ts';
import type { RawCell } from '../model/raw-cell.ts';
import { capabilitiesOf } from '../model/system.ts';
import { ACCEPTED_FILE } from './folder.ts';

const ndjson = <T>(file: string): T[] =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.length > 0)
        .map((l) => JSON.parse(l) as T)
    : [];

/**
 * What a cell's analysis reads, from its raw folder: the run and `npm run analyze` both analyze
 * from here, so a CSV file is always what its raw folder says. A run passes what it still holds
 * in memory instead of reading it back.
 */
export function readCellInputs(cellDir: string, held: { raw?: RawCell; accepted?: readonly AcceptedOrder[] } = {}): CellInputs {
  const raw = held.raw ?? (JSON.parse(readFileSync(path.join(cellDir, 'cell.json'), 'utf8')) as RawCell);
  const accepted = held.accepted ?? ndjson<AcceptedOrder>(path.join(cellDir, ACCEPTED_FILE));
  const journals = capabilitiesOf(raw.cell.system).writesJournal ? raw.replicas.map((r) => readJournal(path.join(cellDir, r.journal), r.name)) : [];
  const tap = raw.kafka ? ndjson<TapRecord>(path.join(cellDir, raw.kafka.tapFile)) : [];
  return { raw, journals, accepted, tap };
}
