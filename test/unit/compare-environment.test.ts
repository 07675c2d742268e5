import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compare, formatComparison, limitsFromFlags } from '../../harness/compare/index.ts';
import type { RunMeta } from '../../harness/results/meta.ts';
import type { Results, SummaryRow } from '../../harness/results/read.ts';

/** One cell, one repeat; the environment as run.json and summary.csv record it. */
function run(
  env: { mode: RunMeta['kafka']['mode']; nodes: number; kafka?: string; client?: string; protocol?: string; sha?: string; host?: string; static?: boolean },
  p99: number,
): Results {
  const meta = {
    tool: 'kafka-scaling-bench',
    scenario: { name: 'scale-out', timeline: [] },
    scenarioHash: 'abcdef0123',
    git: { sha: env.sha ?? '1111111111', dirty: false },
    startedAt: 't',
    versions: { node: 'v20', kafka: env.kafka ?? '4.1.1', kafkajs: '2.2.4', harness: '0.1.0' },
    kafka: { bootstrapServers: 'x:9092', mode: env.mode, nodes: env.nodes },
    machine: { platform: 'linux', arch: 'x64', cpus: 2, cpuModel: 'cpu', memoryBytes: 8 * 2 ** 30, hostname: env.host ?? 'dev' },
  } as unknown as RunMeta;
  const row: SummaryRow = {
    cell: 'p1-r2-rate100',
    repeat: 1,
    status: 'ok',
    partitions: '1',
    replicas: '2',
    e2e_p99_ms: String(p99),
    client: env.client ?? 'kafkajs',
    group_protocol: env.protocol ?? 'classic',
    assignor: 'range',
    ...(env.static === undefined ? {} : { static_membership: String(env.static) }),
  };
  return { dir: path.join('/tmp', env.mode), meta, summary: [row], consumers: [], rebalances: [] };
}

const limits = limitsFromFlags(['e2e_p99_ms=+10%']);

describe("compare: the runs' environments", () => {
  it('says the Kafka setup differs in a line before the verdict, in every format', () => {
    const c = compare(run({ mode: 'embedded-run', nodes: 1 }, 100), run({ mode: 'embedded-shared', nodes: 3 }, 200), limits);
    expect(c.ok).toBe(false);
    expect(c.environment).toEqual([
      { aspect: 'kafka', baseline: 'embedded-run, 1 node, Kafka 4.1.1', candidate: 'embedded-shared, 3 nodes, Kafka 4.1.1', setup: true },
    ]);
    const lines = formatComparison(c, 'table').split('\n');
    const verdict = lines.findIndex((l) => l.startsWith('REGRESSION'));
    expect(lines[verdict - 1]).toMatch(/^NOT LIKE FOR LIKE: the Kafka setup differs between the runs/);
    expect(lines).toContain('  Kafka setup: embedded-run, 1 node, Kafka 4.1.1 (baseline) vs embedded-shared, 3 nodes, Kafka 4.1.1 (candidate)');
    expect(formatComparison(c, 'markdown')).toContain('**NOT LIKE FOR LIKE: the Kafka setup differs');
    expect(JSON.parse(formatComparison(c, 'json')).environment[0].aspect).toBe('kafka');
  });

  it('calls two Kafka releases (or what an external cluster reports) NOT LIKE FOR LIKE', () => {
    const c = compare(run({ mode: 'embedded-run', nodes: 1, kafka: '4.1.1' }, 100), run({ mode: 'embedded-run', nodes: 1, kafka: '4.4.0' }, 100), limits);
    expect(c.environment).toEqual([
      { aspect: 'kafka', baseline: 'embedded-run, 1 node, Kafka 4.1.1', candidate: 'embedded-run, 1 node, Kafka 4.4.0', setup: true },
    ]);
    expect(formatComparison(c, 'table')).toMatch(/\nNOT LIKE FOR LIKE: the Kafka setup differs between the runs/);
    const external = compare(
      run({ mode: 'external', nodes: 1, kafka: 'metadata.version 4.1-IV1' }, 100),
      run({ mode: 'external', nodes: 1, kafka: 'metadata.version 4.4-IV2' }, 100),
      limits,
    );
    expect(external.environment[0]).toMatchObject({ aspect: 'kafka', baseline: 'external, 1 node, Kafka metadata.version 4.1-IV1', setup: true });
  });

  it('names the client and protocol, the git revision and the machine', () => {
    const c = compare(
      run({ mode: 'external', nodes: 3 }, 100),
      run({ mode: 'external', nodes: 3, client: 'platformatic', protocol: 'consumer', sha: '2222222222', host: 'ci' }, 100),
      limits,
    );
    expect(c.environment.map((d) => [d.aspect, d.setup])).toEqual([
      ['client', true],
      ['git', false],
      ['machine', false],
    ]);
    expect(c.environment[0]).toMatchObject({ baseline: 'kafkajs-classic-range', candidate: 'platformatic-consumer-range' });
    expect(formatComparison(c, 'table')).toMatch(/NOT LIKE FOR LIKE: the consumer client differs[^\n]*\nOK: every cell within its limits/);
  });

  it('calls static membership a different consumer variant', () => {
    const c = compare(run({ mode: 'embedded-run', nodes: 1, static: false }, 100), run({ mode: 'embedded-run', nodes: 1, static: true }, 100), limits);
    expect(c.environment).toEqual([{ aspect: 'client', baseline: 'kafkajs-classic-range', candidate: 'kafkajs-classic-range-static', setup: true }]);
  });

  it('says nothing when the environments match', () => {
    const c = compare(run({ mode: 'embedded-run', nodes: 1 }, 100), run({ mode: 'embedded-run', nodes: 1 }, 100), limits);
    expect(c.environment).toEqual([]);
    expect(formatComparison(c, 'table')).not.toContain('environment differs');
  });
});
