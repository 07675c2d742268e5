import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compare, formatComparison, limitsFromFile, limitsFromFlags, mergeLimits, noiseBand, spreadOf } from '../../harness/compare/index.ts';
import { HarnessError } from '../../harness/model/errors.ts';
import type { RunMeta } from '../../harness/results/meta.ts';
import type { Results, SummaryRow } from '../../harness/results/read.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ksb-compare-unit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A loaded results folder with one cell and one value of e2e_p99_ms (and orders_lost) per repeat. */
function results(p99s: number[], extra: Partial<SummaryRow> = {}, cell = 'p2-r2-rate50'): Results {
  const meta = {
    tool: 'kafka-scaling-bench',
    scenario: { name: 'smoke', timeline: [] },
    scenarioHash: 'h',
    git: { sha: null, dirty: null },
    startedAt: 't',
  } as unknown as RunMeta;
  const summary = p99s.map(
    (p99, i): SummaryRow => ({
      cell,
      repeat: i + 1,
      status: 'ok',
      partitions: '2',
      replicas: '2',
      e2e_p99_ms: String(p99),
      orders_lost: '0',
      achieved_rate: '50',
      ...extra,
    }),
  );
  return { dir: path.join(tmp, 'run'), meta, summary, consumers: [], rebalances: [] };
}

const p99Limit = limitsFromFlags(['e2e_p99_ms=+10%']);

describe('compare (pure)', () => {
  it('passes a run against itself and reports the change as zero', () => {
    const c = compare(results([100]), results([100]), p99Limit);
    expect(c.ok).toBe(true);
    const m = c.cells[0]!.metrics.find((x) => x.metric === 'e2e_p99_ms')!;
    expect(m).toMatchObject({ change: 0, changePct: 0, verdict: 'ok' });
  });

  it('fails a relative limit on the median and names the metric, the values and the bound', () => {
    const c = compare(results([100]), results([115]), p99Limit);
    expect(c.ok).toBe(false);
    expect(c.regressions).toHaveLength(1);
    expect(c.regressions[0]).toMatchObject({ cell: 'p2-r2-rate50', metric: 'e2e_p99_ms' });
    expect(c.regressions[0]!.message).toContain('100 ms -> 115 ms (+15.0%), limit +10% (<= 110 ms)');
  });

  it('reads -N% as "at most N% below" and ignores a rise', () => {
    const limits = limitsFromFlags(['achieved_rate=-5%']);
    expect(compare(results([1], { achieved_rate: '50' }), results([1], { achieved_rate: '47' }), limits).ok).toBe(false);
    expect(compare(results([1], { achieved_rate: '50' }), results([1], { achieved_rate: '48' }), limits).ok).toBe(true);
    expect(compare(results([1], { achieved_rate: '50' }), results([1], { achieved_rate: '80' }), limits).ok).toBe(true);
  });

  it('applies absolute limits to every repeat, never excused by noise', () => {
    const c = compare(results([1, 1, 1]), withLost(results([1, 1, 1]), [0, 2, 0]), limitsFromFlags(['orders_lost=0']));
    expect(c.ok).toBe(false);
    expect(c.regressions[0]!.message).toContain('orders_lost = 2 in repeat 2, limit =0');
    const bound = compare(results([1]), results([1], { rebalance_pause_max_ms: '6000' }), limitsFromFlags(['rebalance_pause_max_ms<5000']));
    expect(bound.regressions[0]!.message).toContain('rebalance_pause_max_ms = 6000 ms, limit <5000');
  });

  describe('noise rule: median within the baseline range widened by half the candidate range', () => {
    it('computes the band from both spreads', () => {
      expect(noiseBand(spreadOf(vals([100, 110, 120]))!, spreadOf(vals([118, 124, 140]))!)).toEqual([89, 131]);
      expect(noiseBand(spreadOf(vals([100]))!, spreadOf(vals([118, 124, 140]))!)).toBeNull();
    });

    it('calls a crossing inside the band "within noise" and passes', () => {
      const c = compare(results([100, 110, 120]), results([118, 124, 140]), p99Limit);
      expect(c.ok).toBe(true);
      expect(c.withinNoise).toHaveLength(1);
      expect(c.withinNoise[0]!.message).toContain('within noise');
      expect(formatComparison(c, 'table')).toMatch(/e2e_p99_ms \(ms\)\s+110 \[100\.\.120\]\s+124 \[118\.\.140\].*within noise/);
    });

    it('calls a crossing outside the band a regression', () => {
      const c = compare(results([100, 110, 120]), results([125, 130, 135]), p99Limit);
      expect(c.ok).toBe(false);
      expect(c.regressions[0]!.metric).toBe('e2e_p99_ms');
    });

    it('has no noise to judge by with a single repeat', () => {
      expect(compare(results([100]), results([124]), p99Limit).ok).toBe(false);
    });
  });

  it('refuses cells that do not match and names them', () => {
    const run = () => compare(results([1], {}, 'p1-r1-rate50'), results([1], {}, 'p2-r2-rate50'), []);
    expect(run).toThrow(HarnessError);
    expect(run).toThrow(/only in the baseline: p1-r1-rate50; only in the candidate: p2-r2-rate50/);
  });

  it('counts a candidate cell with no ok repeat as a regression', () => {
    const c = compare(results([1]), results([1], { status: 'failed' } as Partial<SummaryRow>), []);
    expect(c.regressions).toEqual([expect.objectContaining({ metric: 'status' })]);
  });

  it('warns when a cell is configured differently', () => {
    const c = compare(results([1]), results([1], { per_message_ms: '5' }), []);
    expect(c.warnings).toEqual([]);
    const d = compare(results([1], { per_message_ms: '0' }), results([1], { per_message_ms: '5' }), []);
    expect(d.warnings.join('\n')).toContain('per_message_ms differs (0 in the baseline, 5 in the candidate)');
  });
});

describe('limits', () => {
  it('parses relative and absolute limits from flags', () => {
    expect(limitsFromFlags(['e2e_p99_ms=+10%', 'achieved_rate=-5%', 'orders_lost=0', 'rebalance_pause_max_ms<5000', 'fairness>=0.9'])).toMatchObject([
      { metric: 'e2e_p99_ms', kind: 'relative', direction: 'up', percent: 10 },
      { metric: 'achieved_rate', kind: 'relative', direction: 'down', percent: 5 },
      { metric: 'orders_lost', kind: 'absolute', op: '=', value: 0 },
      { metric: 'rebalance_pause_max_ms', kind: 'absolute', op: '<', value: 5000 },
      { metric: 'fairness', kind: 'absolute', op: '>=', value: 0.9 },
    ]);
  });

  it('reports every bad flag at once', () => {
    const err = catchError(() => limitsFromFlags(['colour=1', 'e2e_p99_ms<+5%', 'lag_max=lots']));
    expect(err.code).toBe('THRESHOLD_INVALID');
    expect(err.message).toContain('unknown metric colour');
    expect(err.message).toContain('a relative limit is written e2e_p99_ms=+N%');
    expect(err.message).toContain('got "lots"');
  });

  it('reads the shipped bench/thresholds.yaml', () => {
    const limits = limitsFromFile('bench/thresholds.yaml');
    expect(limits.map((l) => l.text)).toEqual(expect.arrayContaining(['orders_lost=0', 'orders_duplicated=0', 'e2e_p99_ms=+50%', 'achieved_rate=-5%']));
  });

  it('rejects an unknown metric in a file, naming the file, the line and the key', () => {
    const file = path.join(tmp, 'bad.yaml');
    writeFileSync(file, 'orders_lost: 0\ne2e_p99: +10%\nfairness: [">=0.9", "-2%"]\n');
    const err = catchError(() => limitsFromFile(file, 'bad.yaml'));
    expect(err.code).toBe('THRESHOLD_INVALID');
    expect(err.message).toMatch(/^bad\.yaml:2: e2e_p99: unknown metric/);
  });

  it('lets a flag replace the file limits for its metric', () => {
    const merged = mergeLimits(limitsFromFlags(['e2e_p99_ms=+50%', 'orders_lost=0']), limitsFromFlags(['e2e_p99_ms=+100%']));
    expect(merged.map((l) => l.text)).toEqual(['orders_lost=0', 'e2e_p99_ms=+100%']);
  });
});

function vals(values: number[]) {
  return values.map((value, i) => ({ repeat: i + 1, value }));
}

function withLost(r: Results, lost: number[]): Results {
  return { ...r, summary: r.summary.map((row, i) => ({ ...row, orders_lost: String(lost[i] ?? 0) })) };
}

function catchError(fn: () => unknown): HarnessError {
  try {
    fn();
  } catch (err) {
    if (err instanceof HarnessError) return err;
    throw err;
  }
  throw new Error('expected a HarnessError');
}
