import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readResults, variantOfRow } from '../../harness/results/read.ts';

// Two cells of one client, protocol and assignor; only the second ran with group.instance.id.
const dir = mkdtempSync(path.join(tmpdir(), 'ksb-variant-'));
writeFileSync(path.join(dir, 'run.json'), JSON.stringify({ tool: 'kafka-scaling-bench', scenario: { name: 'rolling-deploy', timeline: [] } }));
writeFileSync(
  path.join(dir, 'summary.csv'),
  [
    'cell,repeat,status,client,group_protocol,assignor,static_membership',
    'p6-r3-java-classic-range,1,ok,java,classic,range,false',
    'p6-r3-java-classic-range-static,1,ok,java,classic,range,true',
  ].join('\n'),
);
writeFileSync(
  path.join(dir, 'rebalances.csv'),
  [
    'cell,repeat,generation,trigger,client,group_protocol,assignor',
    'p6-r3-java-classic-range,1,2,restartReplica,java,classic,range',
    'p6-r3-java-classic-range-static,1,2,restartReplica,java,classic,range',
  ].join('\n'),
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the consumer variant read back from a results folder', () => {
  const results = readResults(dir);

  it('carries static membership in summary rows and, through them, in rebalance rows', () => {
    expect(results.summary.map(variantOfRow)).toEqual(['java-classic-range', 'java-classic-range-static']);
    expect(results.rebalances.map((r) => r.variant)).toEqual(['java-classic-range', 'java-classic-range-static']);
  });

  it('reads a folder from before the column as dynamic membership', () => {
    expect(variantOfRow({ cell: 'c', repeat: 1, status: 'ok', client: 'kafkajs', group_protocol: 'classic', assignor: 'range' })).toBe('kafkajs-classic-range');
  });
});
