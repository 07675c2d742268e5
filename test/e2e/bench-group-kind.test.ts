import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { consoleConsumerArgv } from '../support/console-consumer.ts';
import { readCsv } from '../support/csv.ts';

/**
 * What a new user meets with a consumer group the harness did not start: its kind found from
 * Kafka (no system.groupProtocol), a stated kind Kafka contradicts named, a group that never
 * appears described, and a kill whose takeover comes after the drain's timeout waited for, or,
 * when the session timeout the run was given is too short, reported as not seen.
 */
const brokers = inject('kafkaBrokers');
const root = mkdtempSync(path.join(os.tmpdir(), 'ksb-test-group-kind-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Kafka's own console consumer with a 200 ms auto-commit and a 2 s metadata age; `props` add to its consumer properties. */
const consoleConsumer = (props: Record<string, string>) =>
  consoleConsumerArgv({ 'auto.commit.interval.ms': '200', 'metadata.max.age.ms': '2000', ...props }, ['--from-beginning']);

function scenario(name: string, o: { system?: Record<string, unknown>; props?: Record<string, string>; rest?: Record<string, unknown> }): string {
  const file = path.join(root, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      description: `console consumers: ${name}`,
      topology: { partitions: 2, replicas: 2, producer: { metadataMaxAgeMs: 2000 } },
      load: { rate: 100, durationS: 8, warmupS: 1 },
      drain: { timeoutS: 20 },
      timeline: [],
      system: {
        kind: 'external',
        topic: `${name}-{run}-{repeat}`,
        group: `${name}-{run}`,
        createTopic: true,
        orders: { kafka: {} },
        replicas: { command: consoleConsumer(o.props ?? {}), joinTimeoutS: 60 },
        ...o.system,
      },
      ...o.rest,
    }),
  );
  return file;
}

async function bench(name: string, file: string, timeoutMs = 200_000) {
  const results = path.join(root, name);
  const run = await runCli('harness/cli/bench.ts', ['--scenario', file, '--brokers', brokers, '--results-dir', results], { timeoutMs });
  const dirs = (() => {
    try {
      return readdirSync(results);
    } catch {
      return [];
    }
  })();
  const dir = dirs[0] ? path.join(results, dirs[0]) : undefined;
  return { ...run, out: run.stdout + run.stderr, dir, summary: dir ? readCsv(path.join(dir, 'summary.csv'))[0] : undefined };
}

describe("an external group's kind, found from Kafka", () => {
  it('measures a consumer-protocol group of console consumers without system.groupProtocol', async () => {
    const run = await bench('kip848', scenario('kip848', { props: { 'group.protocol': 'consumer', 'client.id': 'inventory' } }));
    expect(run.code, run.out).toBe(0);
    expect(run.summary).toMatchObject({ status: 'ok', group_protocol: 'consumer', drained: 'true' });
    const members = readCsv(path.join(run.dir!, 'kafka-members.csv'));
    expect(members.map((m) => m.partitions).sort()).toEqual(['0', '1']);
    expect(members.every((m) => Number(m.committed) > 0)).toBe(true);
    // Both console consumers report one client id: Kafka's host and the process that brought each tell them apart.
    expect(new Set(members.map((m) => m.replica))).toEqual(new Set(['replica-0', 'replica-1']));
    expect(members.every((m) => m.client_id === 'inventory' && m.client_host !== '')).toBe(true);
  }, 240_000);

  it('names both kinds when system.groupProtocol disagrees with Kafka, and what it saw when no group appears', async () => {
    const wrong = await bench('wrong', scenario('wrong', { system: { groupProtocol: 'consumer' } }), 120_000);
    expect(wrong.code, wrong.out).toBe(1);
    expect(wrong.summary?.status).toBe('failed');
    expect(wrong.out).toMatch(/system\.groupProtocol: consumer, but Kafka reports group wrong-\S+ as a classic group \(classic\)/);

    const none = await bench('none', scenario('none', { system: { replicas: { command: ['sleep', '30'], joinTimeoutS: 3 } } }), 120_000);
    expect(none.code, none.out).not.toBe(0);
    expect(none.out).toMatch(/system\.replicas\.command: no group none-\S+ on the cluster after 3 s, expected 1/);
  }, 240_000);
});

describe('a kill whose takeover comes after the drain', () => {
  // The members' session timeout (12 s) outlasts the drain's (3 s): the run waits for the takeover.
  const kill = { load: { rate: 100, durationS: 8, warmupS: 1 }, drain: { timeoutS: 3 }, timeline: [{ at: 3, action: 'killReplica', replica: 0 }] };

  it("keeps observing past drain.timeoutS until another member owns the killed replica's partition", async () => {
    const run = await bench(
      'takeover',
      scenario('takeover', { props: { 'session.timeout.ms': '12000', 'heartbeat.interval.ms': '1000' }, system: { sessionTimeoutMs: 12000 }, rest: kill }),
    );
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(
      /past drain\.timeoutS \(3 s\), for killReplica\(replica-0\)'s partitions to have a new owner \(session timeout 12 s, system\.sessionTimeoutMs\)/,
    );
    expect(run.summary).toMatchObject({ status: 'ok', drained: 'true', takeovers_unseen: '0' });
    const takeoverMs = Number(run.summary!.takeover_max_ms);
    expect(takeoverMs).toBeGreaterThanOrEqual(11_000);
    expect(takeoverMs).toBeLessThan(30_000);
    expect(run.summary!.lag_max).not.toBe('');
  }, 240_000);

  it('says the takeover was not seen, and leaves its figures empty, when the session timeout it was given is too short', async () => {
    const run = await bench(
      'unseen',
      scenario('unseen', { props: { 'session.timeout.ms': '40000', 'heartbeat.interval.ms': '3000' }, system: { sessionTimeoutMs: 2000 }, rest: kill }),
    );
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(
      /killReplica\(replica-0\) at 3 s: partitions \[\d\] not taken over before the end \(session timeout 2 s, system\.sessionTimeoutMs\)/,
    );
    expect(run.out).toMatch(/UNSEEN/);
    expect(run.summary).toMatchObject({
      status: 'ok',
      takeovers_unseen: '1',
      takeover_max_ms: '',
      lag_max: '',
      lag_max_seconds: '',
      rebalance_pause_max_ms: '',
    });
  }, 240_000);
});
