import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { consoleShareConsumerArgv } from '../support/console-consumer.ts';
import { readCsv } from '../support/csv.ts';

/**
 * A share group the harness did not start, measured from Kafka alone: two
 * kafka-console-share-consumer processes (java directly, as bench-external.test.ts starts its
 * console consumers), no system.groupProtocol, so the run finds the group's kind (share) from
 * ListGroups and reads it with ShareGroupDescribe and DescribeShareGroupOffsets.
 */
const brokers = inject('kafkaBrokers');
const root = mkdtempSync(path.join(os.tmpdir(), 'ksb-test-share-external-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const consoleShareConsumer = consoleShareConsumerArgv({ 'client.id': 'inventory' });

describe('bench on an external share group (kafka-console-share-consumer)', () => {
  it('finds the kind as share, drains on share lag 0, accounts every order, and both members did work', async () => {
    const file = path.join(root, 'share.json');
    writeFileSync(
      file,
      JSON.stringify({
        description: 'two console share consumers on one partition, load straight to Kafka',
        topology: { partitions: 1, replicas: 2, producer: { metadataMaxAgeMs: 2000 } },
        // Paced: a burst can go whole to one member's batch.
        load: { rate: 50, durationS: 8, warmupS: 1 },
        drain: { timeoutS: 30 },
        timeline: [],
        system: {
          kind: 'external',
          topic: 'sgx-{run}-{repeat}',
          group: 'sgx-{run}',
          createTopic: true,
          orders: { kafka: {} },
          replicas: { command: consoleShareConsumer, joinTimeoutS: 60 },
        },
      }),
    );
    const results = path.join(root, 'results');
    const run = await runCli('harness/cli/bench.ts', ['--scenario', file, '--brokers', brokers, '--results-dir', results], { timeoutMs: 200_000 });
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const dir = path.join(results, readdirSync(results)[0]!);
    const [summary] = readCsv(path.join(dir, 'summary.csv'));
    expect(summary).toMatchObject({ status: 'ok', group_protocol: 'share', drained: 'true' });

    const [k] = readCsv(path.join(dir, 'kafka-side.csv'));
    expect(Number(k!.orders_accepted)).toBeGreaterThan(300);
    expect(k!.orders_in_topic).toBe(k!.orders_accepted);
    expect(k!.orders_committed).toBe(k!.orders_accepted);

    // The drain ended on a share lag of 0: the last offsets sample has none, nothing acquired and unacknowledged.
    const raw = JSON.parse(readFileSync(path.join(dir, 'raw', `${summary!.cell}-1`, 'cell.json'), 'utf8'));
    expect(raw.kafka.groupType).toBe('share');
    const last = raw.kafka.offsets.at(-1);
    expect(last.partitions).toEqual([{ partition: 0, end: expect.any(Number), committed: expect.any(Number), lag: 0 }]);
    // Both members were assigned the partition, the whole run through.
    const members = readCsv(path.join(dir, 'kafka-members.csv'));
    // Rows come in the coordinator's member order, which is not the replicas' start order.
    expect(members.map((m) => [m.replica, m.partitions]).sort()).toEqual([
      ['replica-0', '0'],
      ['replica-1', '0'],
    ]);

    // Which member acknowledged what, Kafka does not say: no figure per member (empty, not 0);
    // each console consumer printed what it got.
    expect(members.every((m) => m.committed === '' && m.throughput_per_s === '')).toBe(true);
    const printed = raw.replicas.map((r: { name: string }) => {
      const log = readdirSync(path.join(dir, 'raw', `${summary!.cell}-1`)).find((f) => f.startsWith(r.name) && f.endsWith('.log'));
      return readFileSync(path.join(dir, 'raw', `${summary!.cell}-1`, log!), 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('{')).length;
    });
    console.log(`records printed per console share consumer: ${printed.join(' / ')} of ${k!.orders_in_topic} in the topic`);
    expect(printed.every((n: number) => n > 0)).toBe(true);
    expect(printed.reduce((a: number, b: number) => a + b, 0)).toBeGreaterThanOrEqual(Number(k!.orders_in_topic));
  }, 240_000);
});
