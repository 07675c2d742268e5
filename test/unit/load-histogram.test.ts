import { Worker } from 'node:worker_threads';
import { describe, expect, test } from 'vitest';
import {
  countAboveMs,
  createHistogram,
  decodeHistogram,
  encodeHistogram,
  mergeHistograms,
  percentileDistribution,
  recordMs,
  snapshot,
} from '../../harness/measure/histogram.ts';

const HISTOGRAM_MODULE = new URL('../../harness/measure/histogram.ts', import.meta.url).href;

/** Records values in a real worker thread with histogram.ts and returns the encoded histogram. */
function encodeInWorker(values: number[]): Promise<string> {
  // An eval worker loads histogram.ts through tsx the way worker-entry.mjs does.
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    import('tsx/esm/api')
      .then(({ register }) => register({ namespace: 'load-histogram-test' }).import(workerData.module, workerData.module))
      .then((h) => {
      const histogram = h.createHistogram();
      for (const v of workerData.values) h.recordMs(histogram, v);
      parentPort.postMessage(h.encodeHistogram(histogram));
      });`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: { module: HISTOGRAM_MODULE, values } });
    worker.once('message', (encoded: string) => {
      resolve(encoded);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

describe('load histograms', () => {
  test('histograms encoded in two workers merge into the histogram of all values', async () => {
    const a = Array.from({ length: 5_000 }, (_, i) => 0.05 + (i % 997) * 0.37); // 0.05..369 ms
    const b = Array.from({ length: 3_000 }, (_, i) => 20 + ((i * 7919) % 4_001)); // 20..4020 ms, another range
    const [encodedA, encodedB] = await Promise.all([encodeInWorker(a), encodeInWorker(b)]);
    const merged = mergeHistograms([encodedA, encodedB]);
    const all = createHistogram();
    for (const v of [...a, ...b]) recordMs(all, v);

    // Encoding keeps each value's bucket (0.1%), not the exact max; compare like with like.
    const reference = decodeHistogram(encodeHistogram(all));
    expect(merged.totalCount).toBe(8_000);
    expect({ ...snapshot(merged), encoded: '' }).toEqual({ ...snapshot(reference), encoded: '' });
    expect(percentileDistribution(merged, 50)).toEqual(percentileDistribution(reference, 50));
    for (const ms of [0.1, 1, 20, 100, 368, 1_000, 4_000]) expect(countAboveMs(merged, ms)).toBe(countAboveMs(all, ms));
  });

  test('records microseconds: ms values keep 3 significant digits', () => {
    const h = createHistogram();
    for (const ms of [0, 0.5, 20, 20.02, 519.9]) recordMs(h, ms);
    const s = snapshot(h);
    expect(s.count).toBe(5);
    expect(s.minMs).toBe(0);
    expect(s.p50Ms).toBeCloseTo(20, 1);
    expect(s.maxMs).toBeCloseTo(519.9, 0);
    expect(countAboveMs(h, 20.01)).toBe(2); // 20.02 and 519.9
    expect(decodeHistogram(s.encoded).totalCount).toBe(5);
    expect(snapshot(createHistogram())).toMatchObject({ count: 0, minMs: 0, p99Ms: 0, maxMs: 0 });
  });

  test('percentile distribution rows follow HdrHistogram (Value, Percentile, TotalCount, 1/(1-Percentile))', () => {
    const h = createHistogram();
    for (let i = 1; i <= 1_000; i++) recordMs(h, i);
    const rows = percentileDistribution(h);
    const first = rows[0] as readonly number[];
    const last = rows.at(-1) as readonly number[];
    expect(first).toEqual([1, 0, 1, 1]);
    expect(last[0]).toBeCloseTo(1_000, 0);
    expect(last.slice(1)).toEqual([1, 1_000, Infinity]);
    const median = rows.find((r) => r[1] === 0.5) as readonly number[];
    expect(median[0]).toBeCloseTo(500, 0);
    expect(median[3]).toBe(2);
  });
});
