import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { DEFAULT_MAX_SEND_DELAY_P99_MS, isGeneratorBound } from '../measure/bound.ts';
import { errorTotal } from '../measure/counts.ts';
import { decodeHistogram } from '../measure/histogram.ts';
import type { MergedSegments } from '../load/segments.ts';
import { HISTOGRAM_COLUMNS, histogramRows } from './csv/histogram.ts';
import { num, type CsvValue } from './csv/format.ts';

/** load.csv: one row per merged cell run; the load side of summary.csv's columns, by the same names. */
export const SEGMENT_LOAD_COLUMNS = [
  'cell',
  'repeat',
  'segments',
  'target_rate',
  'achieved_rate',
  'http_p50_ms',
  'http_p99_ms',
  'http_max_ms',
  'send_delay_p99_ms',
  'http_errors',
  'generator_bound',
  'hosts',
] as const;

export function segmentLoadRow(m: MergedSegments, limitMs = DEFAULT_MAX_SEND_DELAY_P99_MS): CsvValue[] {
  const r = m.result;
  const values: Record<(typeof SEGMENT_LOAD_COLUMNS)[number], CsvValue> = {
    cell: m.cell,
    repeat: m.repeat,
    segments: m.segments.length,
    target_rate: num(r.targetRate, 2),
    achieved_rate: num(r.achievedRate, 2),
    http_p50_ms: num(r.latency.p50Ms),
    http_p99_ms: num(r.latency.p99Ms),
    http_max_ms: num(r.latency.maxMs),
    send_delay_p99_ms: num(r.sendDelay.p99Ms),
    http_errors: errorTotal(r.measured),
    generator_bound: isGeneratorBound(r, limitMs) ?? '',
    hosts: [...new Set(m.segments.map((s) => s.host))].join(' '),
  };
  return SEGMENT_LOAD_COLUMNS.map((c) => values[c]);
}

/**
 * A cell's load merged from its segments, as files: `raw/<cell>-<repeat>/load.json` (the merged
 * result with encoded histograms, and each segment's own figures), `accepted.ndjson` beside it,
 * `load.csv` and `histograms/<cell>-<repeat>-http.csv`. The system side of the cell (journals,
 * lag, accounting) is measured where the system runs, not here.
 */
export function writeMergedSegments(dir: string, m: MergedSegments, limitMs?: number): void {
  const raw = path.join(dir, 'raw', `${m.cell}-${m.repeat}`);
  mkdirSync(raw, { recursive: true });
  mkdirSync(path.join(dir, 'histograms'), { recursive: true });
  const { accepted, ...load } = m.result;
  const segments = m.segments.map((s) => ({
    segment: s.segment,
    host: s.host,
    targetRate: s.result.targetRate,
    achievedRate: s.result.achievedRate,
    sendDelayP99Ms: s.result.sendDelay.p99Ms,
  }));
  writeFileSync(
    path.join(raw, 'load.json'),
    `${JSON.stringify({ scenario: m.scenario, scenarioHash: m.scenarioHash, cell: m.cell, repeat: m.repeat, segments, load }, null, 2)}\n`,
  );
  writeFileSync(path.join(raw, 'accepted.ndjson'), accepted.map((a) => `${JSON.stringify(a)}\n`).join(''));
  const csv = (rows: CsvValue[][]) => stringify(rows, { cast: { boolean: (v) => String(v) } });
  writeFileSync(path.join(dir, 'load.csv'), csv([[...SEGMENT_LOAD_COLUMNS], segmentLoadRow(m, limitMs)]));
  writeFileSync(
    path.join(dir, 'histograms', `${m.cell}-${m.repeat}-http.csv`),
    csv([[...HISTOGRAM_COLUMNS], ...histogramRows(decodeHistogram(m.result.latency.encoded))]),
  );
}
