import { describe, expect, it } from 'vitest';
import { compare, formatComparison, limitsFromFlags } from '../../harness/compare/index.ts';
import { readResults, type Results } from '../../harness/results/read.ts';

// A real share-groups run (Kafka 4.4.0, trimmed): see test/fixtures/results/README.md.
const run = readResults('test/fixtures/results/share-groups');

const cellsOf = (r: Results) => [...new Set(r.summary.map((s) => s.cell))];

describe('compare on share-group cells', () => {
  it('compares every cell, share and consumer, each with its own rows', () => {
    const c = compare(run, run, []);
    expect(c.cells.map((x) => x.cell)).toEqual(cellsOf(run));
    expect(c.cells.map((x) => x.cell)).toEqual([
      'p1-r4-rate150-java-share-simple',
      'p1-r4-rate150-java-consumer-uniform',
      'p4-r4-rate150-java-share-simple',
      'p4-r4-rate150-java-consumer-uniform',
    ]);
    for (const cell of c.cells) expect(cell.baselineRepeats).toEqual([1, 2, 3]);
    expect(c.warnings).toEqual([]);
    // The consumer group at 1 partition keeps its own lag (26-38 s), not the share group's (~1 s).
    const lag = (cell: string) => c.cells.find((x) => x.cell === cell)!.metrics.find((m) => m.metric === 'lag_max_seconds')!.candidate!;
    expect(lag('p1-r4-rate150-java-consumer-uniform').median).toBe(30.278);
    expect(lag('p1-r4-rate150-java-share-simple').median).toBe(1.104);
  });

  it('reads the share columns as metrics, and an empty value as not measured, never 0', () => {
    const c = compare(run, run, []);
    const metric = (cell: string, name: string) => c.cells.find((x) => x.cell === cell)!.metrics.find((m) => m.metric === name);
    expect(metric('p1-r4-rate150-java-share-simple', 'redelivery_delay_ms')!.candidate).toMatchObject({ n: 3, median: 117, min: 43, max: 291 });
    expect(metric('p1-r4-rate150-java-share-simple', 'order_violations')!.candidate).toMatchObject({ median: 407 });
    expect(metric('p1-r4-rate150-java-share-simple', 'processing_gap_max_ms')!.candidate).toMatchObject({ median: 218 });
    // A consumer group has no delivery counts: the column is empty, so the metric is left out.
    expect(metric('p1-r4-rate150-java-consumer-uniform', 'redelivered_records')).toBeUndefined();
    expect(metric('p1-r4-rate150-java-consumer-uniform', 'order_violations')!.candidate).toMatchObject({ median: 0 });
  });

  it('judges limits on the share columns; an empty column is not measured, not a pass', () => {
    const c = compare(run, run, limitsFromFlags(['order_violations=0', 'redelivery_delay_ms<1000']));
    const check = (cell: string, name: string) => c.cells.find((x) => x.cell === cell)!.metrics.find((m) => m.metric === name)!;
    // The share group reorders a key's orders across members; the consumer group does not.
    expect(check('p1-r4-rate150-java-share-simple', 'order_violations').verdict).toBe('regression');
    expect(check('p1-r4-rate150-java-consumer-uniform', 'order_violations').verdict).toBe('ok');
    expect(check('p1-r4-rate150-java-share-simple', 'redelivery_delay_ms').verdict).toBe('ok');
    expect(check('p4-r4-rate150-java-share-simple', 'redelivery_delay_ms').verdict).toBe('regression'); // ~10 s: the killed member's locks
    const unmeasured = check('p1-r4-rate150-java-consumer-uniform', 'redelivery_delay_ms');
    expect(unmeasured.verdict).toBe('not-measured');
    expect(unmeasured.candidate).toBeNull();
    const table = formatComparison(c, 'table');
    expect(table).toMatch(/redelivery_delay_ms \(ms\)\s+not measured\s+not measured\s+<1000\s+not measured/);
  });

  it('warns when a cell of one name ran a share group on one side and a consumer group on the other', () => {
    const asConsumer: Results = { ...run, summary: run.summary.map((r) => ({ ...r, group_protocol: 'consumer', assignor: 'uniform' })) };
    const c = compare(run, asConsumer, []);
    expect(c.warnings).toContain(
      'p1-r4-rate150-java-share-simple: group_protocol differs (share in the baseline, consumer in the candidate): not like for like',
    );
  });
});
