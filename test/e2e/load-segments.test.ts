import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decodeHistogram, mergeHistograms } from '../../harness/load/index.ts';
import { readAndMergeSegments } from '../../harness/load/segments.ts';
import { runCli } from '../support/cli.ts';
import { startFixedDelayServer, type FixedDelayServer } from '../support/fixed-delay-server.ts';

// The same command a Kubernetes Indexed Job runs per completion index (deploy/load-job.yaml),
// as 3 local processes against one endpoint, then merged by bench --segments.
const RATE = 150;
const WARMUP_S = 1;
const DURATION_S = 3;

let dir: string;
let server: FixedDelayServer;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ksb-segments-'));
  server = await startFixedDelayServer({ delayMs: 5 });
  writeFileSync(
    path.join(dir, 'seg.yaml'),
    `description: three segments of one cell\ntopology: { partitions: 1, replicas: 1 }\nload: { rate: ${RATE}, durationS: ${DURATION_S}, warmupS: ${WARMUP_S}, connections: 12, workers: 1 }\n`,
  );
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('load segments across processes', { timeout: 120_000 }, () => {
  test('3 segment processes add up to the cell; bench --segments merges them without loss', async () => {
    // Lead time for three tsx processes to start on a busy 2-core machine.
    const startAt = Date.now() + 8_000;
    const outs = [0, 1, 2].map((i) => path.join(dir, `out-${i}`));
    const runs = await Promise.all(
      outs.map((out, i) =>
        runCli('harness/cli/load.ts', [
          '--scenario',
          path.join(dir, 'seg.yaml'),
          '--cell',
          `p1-r1-rate${RATE}`,
          '--segment',
          `${i}/3`,
          '--start-at',
          String(startAt),
          '--out',
          out,
          '--url',
          server.url,
          '--workers',
          '1',
        ]),
      ),
    );
    for (const r of runs) expect(r.code, r.stderr).toBe(0);

    const merged = readAndMergeSegments(outs);
    const total = RATE * (WARMUP_S + DURATION_S);
    expect(merged.segments.map((s) => s.result.total.intended)).toEqual([200, 200, 200]);
    expect(merged.result.total).toMatchObject({ intended: total, sent: total, ok: total, abandoned: 0 });
    expect(merged.result.measured.intended).toBe(RATE * DURATION_S);
    expect(server.received).toBe(total);
    expect(new Set(merged.result.accepted.map((a) => a.orderId)).size).toBe(total);
    // The shares add up to the cell's rate (interleaved: segment i takes every 3rd request).
    expect(Math.abs(merged.result.targetRate - RATE) / RATE).toBeLessThan(0.01);
    expect(Math.abs(merged.result.achievedRate - RATE) / RATE).toBeLessThan(0.01);
    const intended = merged.result.accepted.map((a) => a.intendedAt).sort((a, b) => a - b);
    intended.forEach((t, k) => {
      expect(t).toBeCloseTo(startAt + (k * 1000) / RATE, 6);
    });

    // The merged histogram is the histogram of every segment's values together.
    const parts = merged.segments.map((s) => decodeHistogram(s.result.latency.encoded));
    const all = mergeHistograms(parts);
    const m = decodeHistogram(merged.result.latency.encoded);
    expect(m.totalCount).toBe(RATE * DURATION_S);
    expect(m.totalCount).toBe(parts.reduce((n, h) => n + h.totalCount, 0));
    for (const p of [0, 50, 90, 99, 99.9, 100]) expect(m.getValueAtPercentile(p)).toBe(all.getValueAtPercentile(p));

    const bench = await runCli('harness/cli/bench.ts', ['--segments', ...outs, '--results-dir', path.join(dir, 'results')]);
    expect(bench.code, bench.stderr).toBe(0);
    expect(bench.stdout).toMatch(new RegExp(`p1-r1-rate${RATE}#1 from 3 segments: target 150.0/s`));
    const [folder] = readdirSync(path.join(dir, 'results'));
    const csv = readFileSync(path.join(dir, 'results', folder!, 'load.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(csv[0]).toBe(
      'cell,repeat,segments,target_rate,achieved_rate,http_p50_ms,http_p99_ms,http_max_ms,send_delay_p99_ms,http_errors,generator_bound,hosts',
    );
    expect(csv[1]).toMatch(new RegExp(`^p1-r1-rate${RATE},1,3,150,`));

    // Segments that do not make a whole cell are refused, each problem named.
    const partial = await runCli('harness/cli/bench.ts', ['--segments', outs[0]!, outs[0]!, outs[2]!]);
    expect(partial.code).toBe(2);
    expect(partial.stderr).toMatch(/segment 0 of 3: given 2 times/);
    expect(partial.stderr).toMatch(/segment 1 of 3: missing/);
  });
});
