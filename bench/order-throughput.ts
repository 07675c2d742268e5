/**
 * How many orders/s one order-service process sustains (closed loop: autocannon's connections
 * each send the next POST when the last is answered), per producer client, beside two anchors in
 * the same run: a bare endpoint that answers each POST with an order and does nothing else (the
 * HTTP ceiling of one Node process here: the order service's ratio to it is the figure, goal
 * >= 0.35), each also under wrk (a C closed loop, the strongest here), and kafka-producer-perf-test on the same broker, same partitions, record size and acks.
 * `npm run bench:order [-- --connections 50 --duration 10 --partitions 2 --clients kafkajs,platformatic]`
 */
import '../services/shared/node-warnings.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { runKafkaTool, startBroker } from '../harness/broker/index.ts';
import { saturate } from '../harness/load/index.ts';
import { startService } from '../harness/sut/service-process.ts';
import { startBareEndpoint } from './support/bare-endpoint.ts';
import { describeWrk, wrk } from './support/wrk.ts';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '10' },
    partitions: { type: 'string', default: '2' },
    clients: { type: 'string', default: 'kafkajs,platformatic' },
  },
});
const connections = Number(values.connections);
const durationS = Number(values.duration);
const partitions = Number(values.partitions);
const clients = values.clients.split(',').filter(Boolean);
const RECORD_BYTES = 110; // an OrderPlaced event: {"type":"OrderPlaced","orderId":"<uuid>","productId":n,"qty":1,"createdAt":ms}
const out = (s: string) => process.stdout.write(`${s}\n`);

const dir = mkdtempSync(path.join(os.tmpdir(), 'ksb-order-bench-'));
const broker = await startBroker({ port: 0, dataDir: path.join(dir, 'broker'), heapMb: 1024 });
try {
  const admin = new Kafka({ clientId: 'order-bench', brokers: [broker.bootstrapServers], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'perf', numPartitions: partitions }], waitForLeaders: true });
  try {
    const bare = await startBareEndpoint();
    let bareRps = 0;
    let bareWrk: Awaited<ReturnType<typeof wrk>>;
    try {
      await saturate({ url: bare.url, connections, durationS: 2 });
      bareRps = (await saturate({ url: bare.url, connections, durationS })).rps;
      await wrk({ url: bare.url, connections, durationS: 2 });
      bareWrk = await wrk({ url: bare.url, connections, durationS });
    } finally {
      await bare.stop();
    }
    out(
      `bare endpoint (bench/support/bare-endpoint.mjs), closed loop (${connections} connections, ${durationS} s): autocannon ${bareRps.toFixed(0)} req/s; wrk -t1 ${describeWrk(bareWrk)}`,
    );
    const rates: Record<string, number> = {};
    for (const client of clients) {
      const topic = `orders-${client}`;
      await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
      const order = await startService({
        name: 'order',
        main: 'services/order/main.ts',
        args: ['--port', '0', '--brokers', broker.bootstrapServers, '--topic', topic, '--client', client],
        logFile: path.join(dir, `order-${client}.log`),
      });
      try {
        const url = `${order.url}/orders`;
        await saturate({ url, connections, durationS: 2 }); // warm-up: JIT, connections, producer metadata
        const r = await saturate({ url, connections, durationS });
        const onTopic = (await admin.fetchTopicOffsets(topic)).reduce((n, o) => n + Number(o.high), 0);
        rates[client] = r.rps;
        out(
          `order service (${client}), closed loop (autocannon, ${connections} connections, ${durationS} s): ${r.rps.toFixed(0)} orders/s, p50 ${r.latency.p50Ms} ms, p99 ${r.latency.p99Ms} ms, non-2xx ${r.non2xx}, errors ${r.errors}; ${onTopic} events on the topic; / bare endpoint = ${(r.rps / bareRps).toFixed(2)} (goal >= 0.35)`,
        );
        const w = await wrk({ url, connections, durationS });
        out(
          `order service (${client}), closed loop (wrk -t1, ${connections} connections, ${durationS} s): ${describeWrk(w)}; / bare endpoint under wrk = ${'missing' in w || 'missing' in bareWrk ? 'not measured' : (w.rps / bareWrk.rps).toFixed(2)}`,
        );
      } finally {
        await order.stop();
      }
    }
    const perf = await runKafkaTool('kafka-producer-perf-test', [
      '--topic',
      'perf',
      '--num-records',
      '300000',
      '--record-size',
      String(RECORD_BYTES),
      '--throughput',
      '-1',
      '--producer-props',
      `bootstrap.servers=${broker.bootstrapServers}`,
      'acks=all',
    ]);
    const last = perf.stdout.trim().split('\n').at(-1) ?? '';
    const perfRate = Number(/([\d.]+) records\/sec/.exec(last)?.[1] ?? 0);
    out(`kafka-producer-perf-test (${RECORD_BYTES} B, acks=all, ${partitions} partitions): ${last}`);
    for (const [client, rps] of Object.entries(rates))
      out(`one order process (${client}) = ${((rps / perfRate) * 100).toFixed(1)}% of kafka-producer-perf-test's rate`);
  } finally {
    await admin.disconnect();
  }
} finally {
  await broker.stop();
  rmSync(dir, { recursive: true, force: true });
}
