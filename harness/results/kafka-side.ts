import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { agreement, type Agreement } from '../analysis/agreement.ts';
import type { CellResult } from '../analysis/cell.ts';
import { analyzeKafkaSide, type KafkaSideResult } from '../analysis/from-kafka.ts';
import type { AcceptedOrder } from '../model/load.ts';
import type { TapRecord } from '../model/kafka-observation.ts';
import { appendCsv } from './csv-file.ts';
import { KAFKA_MEMBER_COLUMNS, KAFKA_PAUSE_COLUMNS, KAFKA_SIDE_COLUMNS, kafkaMemberRows, kafkaPauseRows, kafkaSideRow } from './csv/kafka-side.ts';

export const KAFKA_CSV_FILES = {
  kafkaSide: { file: 'kafka-side.csv', columns: KAFKA_SIDE_COLUMNS },
  kafkaMembers: { file: 'kafka-members.csv', columns: KAFKA_MEMBER_COLUMNS },
  kafkaPauses: { file: 'kafka-pauses.csv', columns: KAFKA_PAUSE_COLUMNS },
} as const;

export function readTap(file: string): TapRecord[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as TapRecord);
}

/** The Kafka-side figures of one cell from its raw folder, and, for the managed kind, how they agree with the journals. */
export function kafkaSideOf(result: CellResult, rawDir: string, accepted: readonly AcceptedOrder[]): { kafka: KafkaSideResult; agreement?: Agreement } | undefined {
  const { raw } = result;
  if (!raw.kafka) return undefined;
  const obs = raw.kafka;
  const tap = readTap(path.join(rawDir, obs.tapFile));
  const measureFrom = raw.times.measureFrom ?? raw.times.end;
  const measureTo = raw.times.measureTo ?? raw.times.end;
  const external = raw.cell.system?.kind === 'external';
  // The project's replicas name themselves as client id; an external member is known by the replica that brought it.
  const nameOf = (memberId: string, clientId: string) => obs.members[memberId] ?? (external ? memberId : clientId || memberId);
  const kafka = analyzeKafkaSide({
    observation: obs,
    tap,
    accepted: accepted.length > 0 || raw.load ? accepted : null,
    phases: result.phases,
    window: { measureFrom, measureTo, end: raw.times.drainEnd ?? measureTo },
    actionTimes: raw.timeline.flatMap((a) => (a.executedAt === undefined ? [] : [a.executedAt])),
    nameOf,
    qty: raw.cell.load.payload.qty,
  });
  return external ? { kafka } : { kafka, agreement: agreement(result, kafka) };
}

export function appendKafkaSide(dir: string, result: CellResult, k: { kafka: KafkaSideResult; agreement?: Agreement }): void {
  appendCsv(path.join(dir, KAFKA_CSV_FILES.kafkaSide.file), KAFKA_SIDE_COLUMNS, [kafkaSideRow(result, k.kafka, k.agreement)]);
  appendCsv(path.join(dir, KAFKA_CSV_FILES.kafkaMembers.file), KAFKA_MEMBER_COLUMNS, kafkaMemberRows(result, k.kafka));
  appendCsv(path.join(dir, KAFKA_CSV_FILES.kafkaPauses.file), KAFKA_PAUSE_COLUMNS, kafkaPauseRows(result, k.kafka));
}
