import { describe, expect, it } from 'vitest';
import { limitIssues, machineLimits } from '../../harness/scenario/limits.ts';
import { validateScenario } from '../../harness/scenario/validate.ts';

const typo = { topology: { partitions: 100_000, replicas: 100_000 }, load: { rate: 1e12, durationS: 1e9 } };

describe('bad input at scale is refused before anything starts', () => {
  it('names the field, the limit and how to raise it, every one at once', () => {
    const r = validateScenario(typo, 'typo.yaml');
    expect(r.ok).toBe(false);
    const lines = r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
    expect(lines).toEqual([
      'topology.replicas: expected at most 32 replicas on one machine (each inventory replica is a process of its own; for a bigger machine raise it with KSB_MAX_REPLICAS=<n>), got 100000',
      'topology.partitions: expected at most 1,000 partitions on one machine (each partition is files and a fetch session on every broker; for a bigger machine raise it with KSB_MAX_PARTITIONS=<n>), got 100000',
      'load.rate: expected at most 50,000 orders/s on one machine (orders/s one load generator can offer; run segments on other machines for more; for a bigger machine raise it with KSB_MAX_RATE=<n>), got 1000000000000',
      'load.durationS: expected at most 21,600 seconds on one machine (seconds of measurement per run; for a bigger machine raise it with KSB_MAX_DURATION_S=<n>), got 1000000000',
    ]);
  });

  it('counts the replicas the timeline adds and the partitions it alters to', () => {
    const issues = limitIssues('f.yaml', { replicas: [31], addedReplicas: 2, partitions: [1], alteredPartitions: 2000 });
    expect(issues.map((i) => i.path)).toEqual(['topology.replicas', 'topology.partitions']);
  });

  it('a bigger machine raises a limit through its variable', () => {
    const limits = machineLimits({ KSB_MAX_REPLICAS: '200000' });
    expect(limits.replicas.value).toBe(200_000);
    expect(limitIssues('f.yaml', { replicas: [100_000] }, limits)).toEqual([]);
  });
});
