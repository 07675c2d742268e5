import { describe, expect, it } from 'vitest';
import { cellsSideBySide } from '../../harness/report/side-by-side.ts';
import { readResults } from '../../harness/results/read.ts';

// A real run on Kafka 4.4.0 (3 cells, 1 repeat, killReplica(1) at 6 s, addReplica at 10 s), trimmed:
// see test/fixtures/results/README.md.
const run = readResults('test/fixtures/results/share-side-by-side');

describe('the cells of a run side by side', () => {
  const s = cellsSideBySide(run, true)!;
  const rate = (replica: string, cell: string) => s.replicaRates.perSecond[s.replicaRates.replicas.indexOf(replica)]![s.replicaRates.cells.indexOf(cell)];

  it('gives each replica its orders/s over the measured stretch, per cell', () => {
    expect(s.replicaRates.cells).toEqual(['p1-r4-rate150-java-share-simple', 'p1-r4-rate150-java-consumer-uniform', 'p4-r4-rate150-java-consumer-uniform']);
    expect(s.replicaRates.replicas).toEqual(['inventory-0', 'inventory-1', 'inventory-2', 'inventory-3', 'inventory-4']);
    // One partition, a share group: all four members consume (inventory-1 until its kill at 6 s).
    expect([0, 1, 2, 3].map((i) => rate(`inventory-${i}`, 'p1-r4-rate150-java-share-simple'))).toEqual([42.33, 14.67, 45.2, 44.53]);
    expect(rate('inventory-4', 'p1-r4-rate150-java-share-simple')).toBe(3.47); // added at 10 s: 52 orders
    // One partition, a consumer group: inventory-1 owned it (540 orders in 6 s, then killed); the rest idle.
    expect([0, 1, 2, 3].map((i) => rate(`inventory-${i}`, 'p1-r4-rate150-java-consumer-uniform'))).toEqual([0, 36, 0, 0]);
    // A replica the cell never had is null, not 0: the added inventory-4 got no row in this cell.
    expect(rate('inventory-4', 'p1-r4-rate150-java-consumer-uniform')).toBeNull();
  });

  it('names the first ok repeat of each cell for the throughput-over-time charts, and none without timeseries.csv', () => {
    expect(s.series).toEqual(['p1-r4-rate150-java-share-simple#1', 'p1-r4-rate150-java-consumer-uniform#1', 'p4-r4-rate150-java-consumer-uniform#1']);
    expect(cellsSideBySide(run, false)!.series).toEqual([]);
  });

  it('is null for a one-cell run', () => {
    expect(cellsSideBySide({ ...run, summary: run.summary.slice(0, 1) }, true)).toBeNull();
  });
});
