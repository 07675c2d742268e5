import { describe, expect, test } from 'vitest';
import type { JsHistogram } from 'hdr-histogram-js';
import { createHistogram, recordMs, snapshot, type Histogram } from '../../harness/measure/histogram.ts';
import { decodeHistogram } from '../../harness/load/index.ts';
import { mergeLoadResults } from '../../harness/load/merge.ts';
import { resolveLoadPlan } from '../../harness/load/plan.ts';
import { seededRandom } from '../../harness/load/random.ts';
import type { LoadResult } from '../../harness/model/load.ts';

function part(values: number[], index: number): LoadResult {
  const h = createHistogram();
  for (const v of values) recordMs(h, v);
  const s = snapshot(h);
  const counts = { intended: values.length, sent: values.length, ok: values.length, errors: index === 1 ? { '5xx': 1 } : {}, abandoned: 0 };
  return {
    mode: 'open-loop',
    plan: resolveLoadPlan({ url: 'http://127.0.0.1:1/orders', rate: 30, durationS: 10, segment: { index, count: 3 } }, 0),
    targetRate: 10,
    achievedRate: 9.5 + index * 0.25,
    measuredS: 10,
    measured: counts,
    total: counts,
    latency: s,
    serviceTime: s,
    sendDelay: snapshot(createHistogram()),
    accepted: [{ orderId: `o${index}`, createdAt: 1, intendedAt: 1, status: 201 }],
    periods: [{ index: 0, startAt: 0, ...counts, latency: s }],
    stoppedEarly: false,
  };
}

/** Every distinct recorded value (µs bucket) with its count: two histograms are equal when these are. */
function recorded(h: Histogram): Array<[number, number]> {
  const it = (h as JsHistogram).recordedValuesIterator;
  it.reset();
  const out: Array<[number, number]> = [];
  while (it.hasNext()) {
    const step = it.next();
    out.push([step.valueIteratedTo, step.countAtValueIteratedTo]);
  }
  return out;
}

describe('merging segment results', () => {
  test('the merged histogram is the histogram of all values; counters and rates add', () => {
    const random = seededRandom(3);
    const values = [0, 1, 2].map(() => Array.from({ length: 5_000 }, () => -Math.log(1 - random()) * 20));
    const merged = mergeLoadResults(values.map((v, i) => part(v, i)));
    const all = createHistogram();
    for (const v of values.flat()) recordMs(all, v);

    const m = decodeHistogram(merged.latency.encoded);
    expect(recorded(m)).toEqual(recorded(all));
    expect(recorded(all)).toHaveLength(new Set(recorded(all).map(([v]) => v)).size);
    for (const p of [0, 50, 99, 99.99, 100]) expect(m.getValueAtPercentile(p)).toBe(all.getValueAtPercentile(p));
    expect(recorded(decodeHistogram(merged.periods[0]!.latency.encoded))).toEqual(recorded(all));
    expect(merged.total).toEqual({ intended: 15_000, sent: 15_000, ok: 15_000, errors: { '5xx': 1 }, abandoned: 0 });
    expect(merged.targetRate).toBe(30);
    expect(merged.achievedRate).toBeCloseTo(9.5 + 9.75 + 10, 9);
    expect(merged.accepted.map((a) => a.orderId)).toEqual(['o0', 'o1', 'o2']);
    expect(merged.plan.segment).toEqual({ index: 0, count: 1 });
  });
});
