import { readdirSync, readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HarnessError } from '../model/errors.ts';
import { mergeLoadResults } from './merge.ts';
import type { AcceptedOrder, LoadResult, Segment } from '../model/load.ts';

/**
 * What one load process writes for its segment of a cell (`npm run load -- --segment i/n`):
 * the load result with its histograms encoded (mergeable) and its counters, in
 * `segment-<i>-of-<n>.json`, and the orders it got accepted in `segment-<i>-of-<n>-accepted.ndjson`.
 */
export const SEGMENT_FORMAT = 'ksb-load-segment/1';

export interface SegmentOutput {
  format: typeof SEGMENT_FORMAT;
  scenario: string;
  scenarioHash: string;
  cell: string;
  repeat: number;
  segment: Segment;
  /** The schedule's start shared by every segment (epoch ms). */
  startAt: number;
  host: string;
  result: Omit<LoadResult, 'accepted'>;
}

const fileBase = (s: Segment) => `segment-${s.index}-of-${s.count}`;

export function writeSegmentOutput(dir: string, output: Omit<SegmentOutput, 'format' | 'host'>, accepted: readonly AcceptedOrder[]): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${fileBase(output.segment)}.json`);
  writeFileSync(file, `${JSON.stringify({ format: SEGMENT_FORMAT, host: os.hostname(), ...output })}\n`);
  writeFileSync(path.join(dir, `${fileBase(output.segment)}-accepted.ndjson`), accepted.map((a) => `${JSON.stringify(a)}\n`).join(''));
  return file;
}

export interface MergedSegments {
  scenario: string;
  scenarioHash: string;
  cell: string;
  repeat: number;
  segments: SegmentOutput[];
  result: LoadResult;
}

/**
 * Reads every segment output in `dirs` and merges them into one cell's load. Refuses (every
 * problem at once) outputs of different cells, scenarios, repeats or start times, a segment
 * given twice, and missing segments: a merged figure must cover the whole schedule.
 */
export function readAndMergeSegments(dirs: readonly string[]): MergedSegments {
  const problems: string[] = [];
  const outputs: Array<{ file: string; output: SegmentOutput; accepted: AcceptedOrder[] }> = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) {
      problems.push(`${dir}: no such folder`);
      continue;
    }
    const files = readdirSync(dir).filter((f) => /^segment-\d+-of-\d+\.json$/.test(f));
    if (files.length === 0) problems.push(`${dir}: no segment-<i>-of-<n>.json in it`);
    for (const f of files) {
      const file = path.join(dir, f);
      const output = JSON.parse(readFileSync(file, 'utf8')) as SegmentOutput;
      if (output.format !== SEGMENT_FORMAT) {
        problems.push(`${file}: expected format ${SEGMENT_FORMAT}, got ${JSON.stringify(output.format)}`);
        continue;
      }
      const acceptedFile = file.replace(/\.json$/, '-accepted.ndjson');
      const accepted = existsSync(acceptedFile)
        ? readFileSync(acceptedFile, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as AcceptedOrder)
        : [];
      outputs.push({ file, output, accepted });
    }
  }
  const first = outputs[0]?.output;
  if (first) {
    for (const { file, output } of outputs) {
      for (const field of ['scenario', 'scenarioHash', 'cell', 'repeat', 'startAt'] as const) {
        if (output[field] !== first[field])
          problems.push(`${file}: ${field} ${JSON.stringify(output[field])}, but ${outputs[0]!.file} has ${JSON.stringify(first[field])}`);
      }
      if (output.segment.count !== first.segment.count)
        problems.push(`${file}: one of ${output.segment.count} segments, but ${outputs[0]!.file} is one of ${first.segment.count}`);
    }
    const count = first.segment.count;
    for (let i = 0; i < count; i++) {
      const given = outputs.filter((o) => o.output.segment.index === i);
      if (given.length === 0) problems.push(`segment ${i} of ${count}: missing`);
      if (given.length > 1) problems.push(`segment ${i} of ${count}: given ${given.length} times (${given.map((g) => g.file).join(', ')})`);
    }
  }
  if (problems.length > 0 || !first) {
    throw new HarnessError('BAD_ARGUMENT', `cannot merge the segments:\n  - ${problems.join('\n  - ')}`, {
      hint: 'pass the --out folder of every segment of one cell run, each once',
    });
  }
  const sorted = [...outputs].sort((a, b) => a.output.segment.index - b.output.segment.index);
  return {
    scenario: first.scenario,
    scenarioHash: first.scenarioHash,
    cell: first.cell,
    repeat: first.repeat,
    segments: sorted.map((o) => o.output),
    result: mergeLoadResults(sorted.map((o) => ({ ...o.output.result, accepted: o.accepted }))),
  };
}
