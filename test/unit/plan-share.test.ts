import { describe, expect, it } from 'vitest';
import { formatPlan, isVariantsPlan, plan, planRun } from '../../harness/capacity/index.ts';
import { variantOfRow } from '../../harness/results/read.ts';
import { readResults } from '../../harness/results/read.ts';

// Real runs on Kafka 4.4.0, trimmed: see test/fixtures/results/README.md. 150 orders/s offered,
// 10 ms of work per order; at 1 partition the consumer group saturates, the share group keeps up.
const shareGroups = readResults('test/fixtures/results/share-groups');
const shareAcquire = readResults('test/fixtures/results/share-acquire');

describe('plan on a run with share and consumer cells', () => {
  it('plans each variant and says the share group met the target with fewer partitions', () => {
    const p = planRun(shareGroups, { targetRate: 120, headroom: 0.2 });
    if (!isVariantsPlan(p)) throw new Error('expected a plan per variant');
    expect(p.plans.map((v) => [v.consumer, v.groupProtocol, v.ownership])).toEqual([
      ['java-share-simple', 'share', 'shared'],
      ['java-consumer-uniform', 'consumer', 'exclusive'],
    ]);
    const [share, consumer] = p.plans;
    expect(share!.recommendation).toMatchObject({ partitions: 1, replicas: 4, basis: 'measured', cell: 'p1-r4-rate150-java-share-simple' });
    expect(consumer!.recommendation).toMatchObject({ partitions: 4, replicas: 4, basis: 'measured', cell: 'p4-r4-rate150-java-consumer-uniform' });
    // The consumer group at 1 partition: one consumer works, three idle, and it falls behind.
    expect(consumer!.cells.find((c) => c.partitions === 1)).toMatchObject({ active: 1, idle: 3, saturated: true });
    expect(share!.cells.find((c) => c.partitions === 1)).toMatchObject({ active: 4, idle: 0, saturated: false });
    expect(p.offeredRates).toEqual([150]);
    expect(p.fewest).toMatchObject({ consumer: 'java-share-simple' });
    expect(p.verdict.at(-1)).toBe(
      'java-share-simple met 144/s at the same load (150/s offered) with the fewest partitions, then replicas: 1 partition x 4 replicas (measured)',
    );
  });

  it('does not tell a share-group user that partitions are the only way to scale, and quotes the broker limits', () => {
    const p = plan(shareGroups, { targetRate: 120, headroom: 0.2, consumer: 'java-share-simple' });
    const notes = p.notes.join('\n');
    expect(notes).toContain('adding partitions is not the only way to scale');
    expect(notes).toContain('p1-r4-rate150-java-share-simple had 4 of 4 replicas consuming from 1 partition');
    expect(p.brokerLimits.map((l) => [l.config, l.default])).toEqual([
      ['group.share.partition.max.record.locks', 2000],
      ['group.share.max.size', 200],
    ]);
    const text = formatPlan(p, 'text');
    expect(text).toContain('group.share.max.size = 200: members in one share group');
    expect(text).not.toMatch(/partitions? caps? the group/);
    // The consumer-protocol plan keeps its partition cap and has no share limits.
    const c = plan(shareGroups, { targetRate: 120, headroom: 0.2, consumer: 'java-consumer-uniform' });
    expect(c.brokerLimits).toEqual([]);
    expect(c.notes.join('\n')).not.toContain('share group');
  });

  it('extrapolates a share group in members on the partitions it has, not in partitions', () => {
    const p = plan(shareGroups, { targetRate: 400, headroom: 0.2, consumer: 'java-share-simple' });
    // No cell saturated: 159.6/s over 4 members is the floor per member; 480/s needs 13 of them.
    expect(p.recommendation).toMatchObject({ partitions: 1, replicas: 13, basis: 'extrapolated' });
    expect(p.recommendation!.reason).toContain('the partitions stay at 1');
    // The lock window may stop the members first: 2000 offsets per partition, 4 full batches of 500.
    expect(p.recommendation!.reason).toContain('group.share.partition.max.record.locks, default 2000 offsets');
    expect(p.recommendation!.reason).toContain('4 at the default 500');
    expect(p.covered).toBe(false);
  });

  it('keeps numbered variants of one client, protocol and assignor apart', () => {
    expect([...new Set(shareAcquire.summary.map(variantOfRow))]).toEqual(['java-share-simple', 'java-share-simple-2', 'java-share-simple-3']);
    const p = planRun(shareAcquire, { targetRate: 120, headroom: 0.2 });
    if (!isVariantsPlan(p)) throw new Error('expected a plan per variant');
    expect(p.plans.map((v) => v.cells.map((c) => c.cell))).toEqual([
      ['p1-r4-rate150-java-share-simple'],
      ['p1-r4-rate150-java-share-simple-2'],
      ['p1-r4-rate150-java-share-simple-3'],
    ]);
    expect(p.verdict.at(-1)).toContain('met 144/s at the same load (150/s offered) with the same size, 1 x 4');
    // Naming one variant plans for it alone.
    expect(planRun(shareAcquire, { targetRate: 120, headroom: 0.2, consumer: 'java-share-simple-2' })).toMatchObject({ consumer: 'java-share-simple-2' });
  });

  it('gives no verdict when no variant covers the target', () => {
    const p = planRun(shareGroups, { targetRate: 120, headroom: 0.2, maxLagSeconds: 0.5 });
    if (!isVariantsPlan(p)) throw new Error('expected a plan per variant');
    expect(p.fewest).toBeNull();
    expect(p.verdict.at(-1)).toBe('no variant has a measured cell that meets 144/s at the same load (150/s offered): no verdict');
  });
});
