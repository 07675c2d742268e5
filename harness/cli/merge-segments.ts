import path from 'node:path';
import { readAndMergeSegments } from '../load/segments.ts';
import { runFolderName } from '../results/folder.ts';
import { writeMergedSegments } from '../results/segments.ts';

const say = (line: string) => process.stdout.write(`${line}\n`);

/** `bench --segments DIR...`: merges segment outputs into results/<timestamp>-<scenario>/; returns the folder. */
export function mergeSegments(dirs: readonly string[], resultsDir: string | undefined): string {
  const merged = readAndMergeSegments(dirs.map((d) => path.resolve(d)));
  const dir = path.join(path.resolve(resultsDir ?? 'results'), runFolderName(merged.scenario, new Date()));
  writeMergedSegments(dir, merged);
  const r = merged.result;
  for (const s of merged.segments)
    say(
      `  segment ${s.segment.index}/${s.segment.count} on ${s.host}: target ${s.result.targetRate.toFixed(1)}/s, achieved ${s.result.achievedRate.toFixed(1)}/s`,
    );
  say(
    `${merged.cell}#${merged.repeat} from ${merged.segments.length} segments: target ${r.targetRate.toFixed(1)}/s, achieved ${r.achievedRate.toFixed(1)}/s, ` +
      `latency p50 ${r.latency.p50Ms} ms p99 ${r.latency.p99Ms} ms, send delay p99 ${r.sendDelay.p99Ms} ms, ${r.measured.ok} of ${r.measured.intended} measured requests ok`,
  );
  return dir;
}
