import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli, spawnCli } from '../support/cli.ts';
import { consoleConsumerArgv } from '../support/console-consumer.ts';
import { readCsv } from '../support/csv.ts';
import { isRunning, processesMatching } from '../support/processes.ts';
import { startService } from '../../harness/sut/service-process.ts';

/**
 * A consumer group this project did not write: Kafka's own kafka-console-consumer, started per
 * replica through system.replicas.command (java directly, so a SIGKILL reaches the consumer
 * itself), the load produced straight to the topic. Everything measured comes from Kafka alone.
 */
const brokers = inject('kafkaBrokers');
const root = mkdtempSync(path.join(os.tmpdir(), 'ksb-test-external-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const consoleConsumer = consoleConsumerArgv(
  { 'auto.commit.interval.ms': '200', 'metadata.max.age.ms': '2000', 'session.timeout.ms': '6000', 'heartbeat.interval.ms': '1000' },
  ['--from-beginning'],
);

function scenario(name: string, extra: Record<string, unknown>): string {
  const file = path.join(root, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      description: 'kafka-console-consumer replicas, load straight to Kafka',
      // Two replicas: after the alter each owns a partition, so the one killed surely owned one.
      topology: { partitions: 1, replicas: 2, producer: { metadataMaxAgeMs: 2000 } },
      // The takeover comes ~6 s (the session timeout) after the kill; 9 s are left for it.
      load: { rate: 200, durationS: 19, warmupS: 2 },
      drain: { timeoutS: 30 },
      timeline: [
        { at: 4, action: 'alterPartitions', partitions: 2 },
        { at: 10, action: 'killReplica', replica: 1 },
      ],
      system: {
        kind: 'external',
        topic: 'ext-{run}-{repeat}',
        group: 'ext-{run}',
        createTopic: true,
        orders: { kafka: {} },
        replicas: { command: consoleConsumer },
      },
      ...extra,
    }),
  );
  return file;
}

describe('bench on an external consumer group (kafka-console-consumer)', () => {
  it('measures the idle member, the alter and its rebalance, a SIGKILL and the takeover, lag back to 0, from Kafka alone', async () => {
    const results = path.join(root, 'results');
    const run = await runCli('harness/cli/bench.ts', ['--scenario', scenario('console', {}), '--brokers', brokers, '--results-dir', results], {
      timeoutMs: 200_000,
    });
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const dir = path.join(results, readdirSync(results)[0]!);
    const [k] = readCsv(path.join(dir, 'kafka-side.csv'));
    expect(k).toMatchObject({ system: 'external' });
    // Sampling at 5/s and the consumers' 200 ms auto-commit bound every figure's resolution.
    expect(Number(k!.offsets_interval_ms)).toBeLessThanOrEqual(250);
    expect(Number(k!.resolution_ms)).toBeLessThan(1000);
    expect(Number(k!.orders_accepted)).toBeGreaterThan(4000);
    expect(k!.orders_in_topic).toBe(k!.orders_accepted);
    expect(k!.orders_missing_from_topic).toBe('0');
    expect(k!.orders_committed).toBe(k!.orders_accepted);
    expect(Number(k!.rebalances)).toBeGreaterThanOrEqual(2);
    expect(Number(k!.idle_members)).toBeGreaterThanOrEqual(1);
    expect(Number(k!.e2e_upper_p99_ms)).toBeGreaterThan(0);
    expect(k!.e2e_upper_resolution_ms).not.toBe('');
    expect(Number(k!.lag_max_seconds)).toBeGreaterThan(0);

    // Phase 0: one partition, two members; one of them commits nothing.
    const members = readCsv(path.join(dir, 'kafka-members.csv'));
    const phase0 = members.filter((m) => m.phase === '0');
    expect(phase0).toHaveLength(2);
    expect(phase0.filter((m) => Number(m.committed) > 0)).toHaveLength(1);
    // After the alter each member owns one partition, and both partitions get records.
    const phase1 = members.filter((m) => m.phase === '1');
    expect(phase1.map((m) => m.partitions).sort()).toEqual(['0', '1']);
    expect(phase1.every((m) => Number(m.committed) > 0)).toBe(true);
    // After the kill the survivors own both partitions at the end of the phase (the killed member
    // is listed with what it owned until its session timed out, and commits nothing after the kill).
    const last = members.filter((m) => m.phase === '2');
    const survivors = last.filter((m) => m.replica !== 'replica-1');
    expect(survivors.flatMap((m) => (m.partitions ?? '').split(' ').filter(Boolean)).sort()).toEqual(['0', '1']);
    // Its last auto-commit before the SIGKILL may be seen one sample after it: at most ~0.4 s of work.
    expect(Number(last.find((m) => m.replica === 'replica-1')?.committed ?? 0)).toBeLessThan(200 * 0.5);

    const pauses = readCsv(path.join(dir, 'kafka-pauses.csv'));
    expect(pauses.some((p) => p.owner_before === 'replica-1' && p.owner_after !== 'replica-1' && p.owner_after !== '')).toBe(true);

    // The load's producer (2 s metadata age) followed the alter: the added partition got records
    // within the age + margin, and its first one was committed; nothing under the table says otherwise.
    const [added] = readCsv(path.join(dir, 'kafka-partitions.csv'));
    expect(added).toMatchObject({ action: 'alterPartitions(2)', partition: '1' });
    expect(Number(added!.records)).toBeGreaterThan(0);
    expect(Number(added!.first_appended_ms)).toBeLessThanOrEqual(2000 + 2000);
    expect(Number(added!.first_record_ms)).toBeGreaterThanOrEqual(Number(added!.first_appended_ms));
    expect(added!.first_record_resolution_ms).not.toBe('');
    expect(run.stdout).not.toMatch(/got no record|got its first record only/);
    expect(k!.e2e_upper_uncommitted).toBe('0');
    expect(k!.e2e_upper_count).not.toBe('');

    const [summary] = readCsv(path.join(dir, 'summary.csv'));
    expect(summary).toMatchObject({ status: 'ok', drained: 'true', e2e_p99_ms: '' });
    const raw = JSON.parse(readFileSync(path.join(dir, 'raw', `${summary!.cell}-1`, 'cell.json'), 'utf8'));
    for (const r of raw.replicas) if (r.pid) expect(isRunning(r.pid)).toBe(false);
  }, 240_000);

  it("says so when the load's producer, at the default metadata age, never writes to the partition an alter added", async () => {
    const file = scenario('default-age', {
      // No topology.producer: the producer keeps the default 300000 ms metadata age.
      topology: { partitions: 1, replicas: 1 },
      load: { rate: 50, durationS: 6, warmupS: 1 },
      drain: { timeoutS: 15 },
      timeline: [{ at: 2, action: 'alterPartitions', partitions: 2 }],
    });
    const results = path.join(root, 'default-age');
    const run = await runCli('harness/cli/bench.ts', ['--scenario', file, '--brokers', brokers, '--results-dir', results], { timeoutMs: 100_000 });
    expect(run.code, run.stderr + run.stdout).toBe(0);
    // Before the run: the scenario's producer cannot follow the alter before the load ends.
    expect(run.stderr).toMatch(
      /note: default-age: alterPartitions\(2\) at 2 s, but the load's producer .*topology\.producer\.metadataMaxAgeMs old \(300000 ms, the default\)/,
    );
    // After it, from the topic: partition 1 got nothing, and the line says which setting to change.
    expect(run.stdout).toMatch(
      /#1 partition 1, added by alterPartitions\(2\) at 2\.0 s, got no record in the 4\.0 s the load ran after it: the load's producer .*topology\.producer\.metadataMaxAgeMs \(300000 ms\).*set topology\.producer\.metadataMaxAgeMs below \d+ ms/,
    );
    const dir = path.join(results, readdirSync(results)[0]!);
    const [added] = readCsv(path.join(dir, 'kafka-partitions.csv'));
    expect(added).toMatchObject({ partition: '1', records: '0', first_appended_ms: '', first_record_ms: '', first_record_resolution_ms: '' });
  }, 120_000);

  it('names the field of a bad template: a command not found, a replica that exits at once', async () => {
    const results = path.join(root, 'bad');
    const notFound = await runCli(
      'harness/cli/bench.ts',
      [
        '--scenario',
        scenario('missing', {
          system: {
            kind: 'external',
            topic: 't-{run}',
            group: 'g',
            createTopic: true,
            orders: { kafka: {} },
            replicas: { command: ['no-such-consumer-xyz', '{brokers}'] },
          },
          timeline: [],
        }),
        '--brokers',
        brokers,
        '--results-dir',
        results,
      ],
      { timeoutMs: 60_000 },
    );
    expect(notFound.code).not.toBe(0);
    expect(notFound.stdout + notFound.stderr).toMatch(/system\.replicas\.command\[0\]: command not found: "no-such-consumer-xyz"/);
    const exits = await runCli(
      'harness/cli/bench.ts',
      [
        '--scenario',
        scenario('exits', {
          system: { kind: 'external', topic: 't-{run}', group: 'g', createTopic: true, orders: { kafka: {} }, replicas: { command: ['false'] } },
          timeline: [],
        }),
        '--brokers',
        brokers,
        '--results-dir',
        results,
      ],
      { timeoutMs: 60_000 },
    );
    expect(exits.stdout + exits.stderr).toMatch(/system\.replicas\.command: replica-0 exited at once/);
  }, 120_000);

  it('leaves no replica process behind on Ctrl-C', async () => {
    const marker = `ctrlc${process.pid}`;
    const file = scenario('ctrlc', {
      timeline: [],
      load: { rate: 50, durationS: 60, warmupS: 1 },
      system: {
        kind: 'external',
        topic: `${marker}-{run}`,
        group: `${marker}-{run}`,
        createTopic: true,
        orders: { kafka: {} },
        replicas: { command: consoleConsumer },
      },
    });
    const child = spawnCli('harness/cli/bench.ts', ['--scenario', file, '--brokers', brokers, '--results-dir', path.join(root, 'ctrlc')]);
    let stderr = '';
    const measuring = new Promise<void>((resolve) => {
      child.stderr!.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (/measure/.test(stderr)) resolve();
      });
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await Promise.race([measuring, exited]);
    // The replicas run now: the group settled before the load started.
    expect(processesMatching(marker).length).toBeGreaterThanOrEqual(2);
    child.kill('SIGINT');
    expect(await exited, stderr).toBe(130);
    expect(processesMatching(marker)).toEqual([]);
  }, 120_000);

  it('names system.stockUrl when it answers 404 or something that is not JSON', async () => {
    const server = createServer((req, res) => {
      if (req.url?.startsWith('/missing/')) res.writeHead(404).end('{"error":"no inventory"}');
      else res.writeHead(200, { 'content-type': 'text/plain' }).end('hello');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const system = (stockUrl: string) => ({
        kind: 'external',
        topic: 's-{run}',
        group: 's-{run}',
        createTopic: true,
        orders: { kafka: {} },
        replicas: { command: consoleConsumer },
        stockUrl,
      });
      const results = path.join(root, 'stock');
      const missing = await runCli(
        'harness/cli/bench.ts',
        [
          '--scenario',
          scenario('stock404', {
            topology: { partitions: 1, replicas: 1 },
            timeline: [],
            system: system(`http://127.0.0.1:${port}/missing/{index}/{productId}`),
          }),
          '--brokers',
          brokers,
          '--results-dir',
          results,
        ],
        { timeoutMs: 60_000 },
      );
      expect(missing.stdout + missing.stderr).toContain(`system.stockUrl: http://127.0.0.1:${port}/missing/0/1 answered HTTP 404`);
      const text = await runCli(
        'harness/cli/bench.ts',
        [
          '--scenario',
          scenario('stocktext', { topology: { partitions: 1, replicas: 1 }, timeline: [], system: system(`http://127.0.0.1:${port}/text/{productId}`) }),
          '--brokers',
          brokers,
          '--results-dir',
          results,
        ],
        { timeoutMs: 60_000 },
      );
      expect(text.stdout + text.stderr).toContain(`system.stockUrl: http://127.0.0.1:${port}/text/1 answered "hello", not JSON with a stock`);
    } finally {
      server.close();
    }
  }, 120_000);

  /**
   * One run on a topic the test created (two partitions) while the scenario says one: the orders
   * go to the lab's order service, standing in for your own front door, which writes OrderPlaced
   * (with the order id it answered) to the topic the console consumers read.
   */
  describe('on a topic it did not create, with orders posted over HTTP', () => {
    const topic = `http-${process.pid}-${Date.now()}`;
    const kafka = new Kafka({ clientId: 'ksb-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    let order: Awaited<ReturnType<typeof startService>> | undefined;
    let results: string;
    let run: { code: number | null; stdout: string; stderr: string };

    beforeAll(async () => {
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
      order = await startService({
        name: 'order',
        main: 'services/order/main.ts',
        logFile: path.join(root, 'order.log'),
        args: ['--port', '0', '--brokers', brokers, '--topic', topic],
      });
      const file = scenario('http', {
        topology: { partitions: 1, replicas: 2 },
        timeline: [],
        load: { rate: 50, durationS: 6, warmupS: 1 },
        system: {
          kind: 'external',
          topic,
          group: `g-${topic}`,
          orders: { http: { url: `${order.url}/orders`, body: '{"productId":{productId},"qty":{qty},"payload":"seq {seq}"}' } },
          replicas: { command: consoleConsumer },
        },
      });
      results = path.join(root, 'http');
      run = await runCli('harness/cli/bench.ts', ['--scenario', file, '--brokers', brokers, '--results-dir', results], { timeoutMs: 100_000 });
    }, 120_000);

    afterAll(async () => {
      await order?.stop();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    });

    it('never deletes a topic it did not create', async () => {
      expect(run.code, run.stderr + run.stdout).toBe(0);
      expect(await admin.listTopics()).toContain(topic);
      // The group was waited for on the topic's own 2 partitions, not topology.partitions.
      const members = readCsv(path.join(results, readdirSync(results)[0]!, 'kafka-members.csv'));
      expect(members.flatMap((m) => (m.partitions ?? '').split(' ').filter(Boolean)).sort()).toEqual(['0', '1']);
    });

    it('posts orders from a body template to an HTTP endpoint and traces them through the topic', () => {
      expect(run.code, run.stderr + run.stdout).toBe(0);
      const [k] = readCsv(path.join(results, readdirSync(results)[0]!, 'kafka-side.csv'));
      expect(Number(k!.orders_accepted)).toBeGreaterThanOrEqual(340);
      expect(k).toMatchObject({ orders_in_topic: k!.orders_accepted, orders_committed: k!.orders_accepted, orders_missing_from_topic: '0' });
    });
  });

  it('restarts a replica it owns through system.replicas.command: the same index and port, a new member, nothing lost', async () => {
    const file = scenario('restart', {
      topology: { partitions: 2, replicas: 2 },
      // A console consumer's JVM is back in the group a few seconds after its SIGTERM.
      load: { rate: 50, durationS: 14, warmupS: 1 },
      timeline: [{ at: 3, action: 'restartReplica', replica: 0, readyTimeoutS: 30 }],
    });
    const results = path.join(root, 'restart');
    const run = await runCli('harness/cli/bench.ts', ['--scenario', file, '--brokers', brokers, '--results-dir', results], { timeoutMs: 120_000 });
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const dir = path.join(results, readdirSync(results)[0]!);
    const [summary] = readCsv(path.join(dir, 'summary.csv'));
    expect(summary, JSON.stringify(summary)).toMatchObject({ status: 'ok', drained: 'true', deploy_restarts: '1' });
    const [k] = readCsv(path.join(dir, 'kafka-side.csv'));
    expect(k!.orders_missing_from_topic).toBe('0');
    expect(k!.orders_committed).toBe(k!.orders_accepted);
    const [step] = readCsv(path.join(dir, 'deploys.csv'));
    // What Kafka alone shows of the step: the coordinator's rebalance (a leave, a join) and its
    // pause; orders processed twice are not known without journals, so empty, never 0.
    expect(step, JSON.stringify(step)).toMatchObject({
      action: 'restartReplica(replica-0)',
      step: '1',
      replicas: 'replica-0',
      duplicates: '',
      client: 'external',
      group_protocol: 'classic',
      assignor: '',
    });
    expect(Number(step!.ready_ms)).toBeGreaterThanOrEqual(Number(step!.down_ms));
    expect(Number(step!.rebalances), JSON.stringify(step)).toBeGreaterThanOrEqual(1);
    expect(step!.group_states).toContain('PreparingRebalance');
    expect(Number(step!.pause_max_ms)).toBeGreaterThan(0);
    expect(summary!.deploy_rebalances).toBe(step!.rebalances);
    expect(summary!.deploy_duplicates).toBe('');
    const raw = JSON.parse(readFileSync(path.join(dir, 'raw', `${summary!.cell}-1`, 'cell.json'), 'utf8'));
    const [first, second] = raw.replicas as Array<{ pid: number; endedBy: string; restarts?: unknown[] }>;
    // Restarted, not replaced: the same record (index, port), with its restart.
    expect(raw.replicas).toHaveLength(2);
    expect(first!.restarts).toHaveLength(1);
    expect([first!.endedBy, second!.endedBy]).toEqual(['cell-end', 'cell-end']);
    expect(second!.restarts).toBeUndefined();
    for (const r of raw.replicas) expect(isRunning(r.pid)).toBe(false);
  }, 150_000);

  it('scales replicas it does not own through system.replicas.scale, reading membership from the group', async () => {
    const state = path.join(root, 'scale-state.json');
    const scale = ['node', 'test/fixtures/scale-console-consumers.mjs', '{replicas}', '{brokers}', '{topic}', '{group}', state];
    const file = scenario('scale', {
      topology: { partitions: 2, replicas: 1 },
      // The added console consumer has joined ~1.5 s after the add, the stopped one has left ~0.5 s after the stop.
      load: { rate: 50, durationS: 10, warmupS: 1 },
      timeline: [
        { at: 2, action: 'addReplica' },
        { at: 7, action: 'stopReplica', replica: 1 },
      ],
      system: { kind: 'external', topic: 'scale-{run}', group: 'scale-{run}', createTopic: true, orders: { kafka: {} }, replicas: { scale } },
    });
    const results = path.join(root, 'scale');
    try {
      const run = await runCli('harness/cli/bench.ts', ['--scenario', file, '--brokers', brokers, '--results-dir', results], { timeoutMs: 120_000 });
      expect(run.code, run.stderr + run.stdout).toBe(0);
      const dir = path.join(results, readdirSync(results)[0]!);
      const [k] = readCsv(path.join(dir, 'kafka-side.csv'));
      expect(k).toMatchObject({ members_max: '2', orders_missing_from_topic: '0' });
      expect(k!.orders_committed).toBe(k!.orders_accepted);
      expect(Number(k!.rebalances)).toBeGreaterThanOrEqual(2);
      const raw = JSON.parse(readFileSync(path.join(dir, 'raw', 'p2-r1-rate50-1', 'cell.json'), 'utf8'));
      expect(raw.timeline.map((a: { error?: string }) => a.error ?? 'ok')).toEqual(['ok', 'ok']);
    } finally {
      // The harness leaves a scaled deployment as it is; this test owns the stand-in's processes.
      for (const pid of JSON.parse(readFileSync(state, 'utf8')) as number[]) {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
  }, 150_000);
});
