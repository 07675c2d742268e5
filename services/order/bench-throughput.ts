/**
 * How many orders/s one order-service process sustains against a broker (closed loop:
 * `--connections` clients each send the next POST as soon as the last one is answered).
 * `npx tsx services/order/bench-throughput.ts [--brokers h:p] [--connections 50] [--duration 10] [-- <order flags>]`
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Kafka, logLevel } from 'kafkajs';
import { cliParser, runService } from '../shared/cli.ts';
import { FlagProblems } from '../shared/flags.ts';
import { brokersFrom } from '../shared/kafka.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

runService('order', async () => {
  const args = await cliParser(process.argv, 'tsx services/order/bench-throughput.ts [flags] [-- order service flags]', 'BENCH')
    .options({
      brokers: { type: 'string' },
      connections: { type: 'string', default: '50' },
      duration: { type: 'string', default: '10', describe: 'seconds' },
      partitions: { type: 'string', default: '1' },
    })
    .parserConfiguration({ 'populate--': true })
    .parseAsync();
  const p = new FlagProblems();
  const brokers = brokersFrom(args.brokers, process.env, p);
  const connections = p.integer('connections', args.connections, { min: 1, max: 10_000 });
  const duration = p.integer('duration', args.duration, { min: 1, max: 3600 });
  const partitions = p.integer('partitions', args.partitions, { min: 1, max: 1000 });
  p.throwIfAny();
  const orderFlags = ((args['--'] as string[] | undefined) ?? []).map(String);

  const topic = `bench-order-${randomUUID().slice(0, 8)}`;
  const admin = new Kafka({ clientId: 'order-bench', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });

  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'main.ts'), '--port', '0', '--brokers', brokers.join(','), '--topic', topic, ...orderFlags], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const line = out.split('\n').find((l) => l.includes('"ready"'));
        if (line) resolve((JSON.parse(line) as { port: number }).port);
      });
      child.once('exit', (code) => reject(new Error(`order service exited (${code}) before it was ready`)));
    });
    const url = `http://127.0.0.1:${port}`;
    const run = (seconds: number) =>
      autocannon({
        url: `${url}/orders`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ productId: 1, qty: 1 }),
        connections,
        duration: seconds,
      });
    await run(2); // warm up: JIT, connections, producer metadata
    const result = await run(duration);
    const health = (await (await fetch(`${url}/health`)).json()) as { publisher: Record<string, number> };
    const [offsets] = [await admin.fetchTopicOffsets(topic)];
    const onTopic = offsets.reduce((n, o) => n + Number(o.high), 0);
    console.log(
      JSON.stringify(
        {
          connections,
          durationS: duration,
          orderFlags,
          ordersPerSecond: { mean: result.requests.average, p50: result.requests.p50, min: result.requests.min },
          latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
          answered2xx: result['2xx'],
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          publisher: health.publisher,
          eventsOnTopic: onTopic,
        },
        null,
        2,
      ),
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
});
