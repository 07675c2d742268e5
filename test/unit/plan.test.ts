import { describe, expect, it } from 'vitest';
import { formatPlan, plan } from '../../harness/capacity/index.ts';
import { readResults } from '../../harness/results/read.ts';

// Known answers: see test/fixtures/results/README.md (50/s per consumer, capacity 50 x min(p, r)).
const sweep = readResults('test/fixtures/results/sweep-model');

describe('plan on a modelled sweep', () => {
  it('derives 50/s per replica from the replicas that owned partitions in saturated cells', () => {
    const p = plan(sweep, { targetRate: 100, headroom: 0.2 });
    expect(p.perReplica).toMatchObject({ value: 50, basis: 'saturated', theoretical: 50 });
    expect(p.perReplica.rows.every((r) => r.partitions.length > 0)).toBe(true);
    expect(new Set(p.perReplica.rows.map((r) => r.cell))).toEqual(new Set(p.cells.filter((c) => c.saturated).map((c) => c.cell)));
    expect(
      p.cells
        .filter((c) => c.saturated)
        .map((c) => c.cell)
        .sort(),
    ).toEqual(['p1-r1', 'p1-r2', 'p1-r4', 'p1-r8', 'p2-r1', 'p2-r2', 'p2-r4', 'p2-r8', 'p4-r1', 'p4-r2', 'p8-r1', 'p8-r2'].map((c) => `${c}-rate150`).sort());
  });

  it('shows that replicas beyond the partition count idle without gain', () => {
    const p = plan(sweep, { targetRate: 100, headroom: 0.2 });
    const stops = Object.fromEntries(p.scaling.map((l) => [l.partitions, l.stopsHelpingAfter]));
    expect(stops).toEqual({ 1: 1, 2: 2, 4: null, 8: null });
    expect(p.scaling.find((l) => l.partitions === 2)!.points).toMatchObject([
      { replicas: 1, processed: 50 },
      { replicas: 2, processed: 100, gainPct: 100 },
      { replicas: 4, processed: 100, gainPct: 0, idle: 2 },
      { replicas: 8, processed: 100, gainPct: 0, idle: 6 },
    ]);
  });

  it('recommends the fewest replicas, then the fewest partitions, that reach target x (1 + headroom)', () => {
    const p = plan(sweep, { targetRate: 100, headroom: 0.2 });
    expect(p.required).toBeCloseTo(120);
    expect(p.recommendation).toMatchObject({ partitions: 4, replicas: 4, basis: 'measured', cell: 'p4-r4-rate150' });
    expect(p.covered).toBe(true);
    // Without headroom 100/s is exactly what two consumers give.
    expect(plan(sweep, { targetRate: 100, headroom: 0 }).recommendation).toMatchObject({ partitions: 2, replicas: 2 });
  });

  it('skips cells whose measured p99 misses the limit', () => {
    const p = plan(sweep, { targetRate: 100, headroom: 0.2, maxP99Ms: 100 });
    expect(p.candidates.find((c) => c.cell === 'p4-r4-rate150')).toMatchObject({
      enoughCapacity: true,
      accepted: false,
      limitProblems: ['e2e p99 140 ms > 100 ms'],
    });
    expect(p.recommendation).toMatchObject({ partitions: 8, replicas: 4, basis: 'measured' });
  });

  it('models the capacity of a measured size above the offered rate, and says it is not covered', () => {
    const p = plan(sweep, { targetRate: 300, headroom: 0.2 });
    expect(p.recommendation).toMatchObject({ partitions: 8, replicas: 8, capacity: 400, basis: 'modelled' });
    expect(p.covered).toBe(false);
    expect(p.notes.join('\n')).toContain('not covered: p8-r8-rate150 was measured at 150/s only');
  });

  it('extrapolates beyond the sweep and labels it', () => {
    const p = plan(sweep, { targetRate: 500, headroom: 0.2 });
    expect(p.recommendation).toMatchObject({ partitions: 12, replicas: 12, capacity: 600, basis: 'extrapolated' });
    expect(p.covered).toBe(false);
    expect(formatPlan(p, 'text')).toContain('Recommendation: 12 partitions x 12 replicas, EXTRAPOLATED');
  });

  it('gives no recommendation when the cells with capacity all miss the limits', () => {
    const p = plan(sweep, { targetRate: 100, headroom: 0.2, maxP99Ms: 10 });
    expect(p.recommendation).toBeNull();
    expect(p.covered).toBe(false);
    expect(p.notes[0]).toMatch(/have the capacity but miss the limits/);
  });

  it('prints the rows it used, step by step', () => {
    const text = formatPlan(plan(sweep, { targetRate: 100, headroom: 0.2 }), 'text');
    expect(text).toMatch(/^plan for 100\/s with 20% headroom: the group must process 120\/s/);
    expect(text).toMatch(/^ {3}p4-r4-rate150 +4 +4 +150 +149 +4 +0 +no +0\.05 +140$/m);
    expect(text).toMatch(/^ {3}p8-r2-rate150 +1 +0 +inventory-1 +1 3 5 7 +500 +50$/m);
    expect(text).toContain('2 partitions: r1 50, r2 100 (+100.0%), r4 100 (±0.0%, 2 idle), r8 100 (±0.0%, 6 idle) -> beyond 2 replicas the extra ones idle');
    expect(text).toContain('yes  p4-r4-rate150: measured, absorbed 150/s offered without saturating; 150/s >= 120/s needed');
    expect(text).toMatch(/Recommendation: 4 partitions x 4 replicas \(cell p4-r4-rate150, capacity 150\/s, measured\)\.$/);
  });
});

describe('a run of several consumer variants', () => {
  // The sweep fixture as if its cells had alternated between two clients.
  const mixed = {
    ...sweep,
    summary: sweep.summary.map((r, i) => ({ ...r, client: i % 2 === 0 ? 'kafkajs' : 'java', group_protocol: 'classic', assignor: 'range' })),
  };

  it('asks which variant to plan for, and plans for the one named', () => {
    expect(() => plan(mixed, { targetRate: 100, headroom: 0.2 })).toThrow(
      /varies the consumer client or protocol \(kafkajs-classic-range, java-classic-range\)/,
    );
    expect(() => plan(mixed, { targetRate: 100, headroom: 0.2, consumer: 'platformatic-consumer-uniform' })).toThrow(
      /no ok cell ran the consumer variant platformatic-consumer-uniform/,
    );
    const java = plan(mixed, { targetRate: 100, headroom: 0.2, consumer: 'java-classic-range' });
    expect(new Set(java.cells.map((c) => c.cell))).toEqual(new Set(sweep.summary.filter((_, i) => i % 2 === 1).map((r) => r.cell)));
  });
});

describe('cells that differ only in static membership', () => {
  // Every other cell as if it had run with group.instance.id: the same client, protocol and assignor.
  const halves = {
    ...sweep,
    summary: sweep.summary.map((r, i) => ({ ...r, client: 'java', group_protocol: 'classic', assignor: 'range', static_membership: String(i % 2 === 1) })),
  };

  it('are two variants, never mixed in one plan', () => {
    expect(() => plan(halves, { targetRate: 100, headroom: 0.2 })).toThrow(/\(java-classic-range, java-classic-range-static\)/);
    const staticOnly = plan(halves, { targetRate: 100, headroom: 0.2, consumer: 'java-classic-range-static' });
    expect(new Set(staticOnly.cells.map((c) => c.cell))).toEqual(new Set(sweep.summary.filter((_, i) => i % 2 === 1).map((r) => r.cell)));
  });
});

describe('a run with a load step', () => {
  const stepped = {
    ...sweep,
    meta: {
      ...sweep.meta,
      scenario: {
        ...sweep.meta.scenario,
        timeline: [
          { at: 10, action: 'setRate' as const, factor: 5 },
          { at: 20, action: 'rampRate' as const, rate: 100, overS: 5 },
        ],
      },
    },
  };

  it('is no steady-state capacity: plan leaves its cells out and says why', () => {
    expect(() => plan(stepped, { targetRate: 100, headroom: 0.2 })).toThrow(
      'every cell of sweep-model has a load step (setRate(x5) at 10 s, rampRate(100, 5s) at 20 s): its achieved rate averages',
    );
  });
});
