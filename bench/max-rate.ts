/**
 * The highest order rate the whole pipeline sustains here (HTTP -> order service -> Kafka ->
 * two inventory replicas), beside what Kafka's own kafka-producer-perf-test reaches on the same
 * broker with records of the same size, in one run, so the figure reads as a ratio.
 * Also the CPU the harness process itself (load workers + probes) used per cell, and the
 * direct-to-Kafka load target (the load workers produce OrderPlaced records themselves, acks=all)
 * against the same perf-test figure: how far above HTTP consumer scaling can be loaded.
 * `npm run bench:max-rate [-- 250 500 1000 2000] [--direct-only] [--direct-workers 2]`
 */
import '../services/shared/node-warnings.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { runKafkaTool, startBroker } from '../harness/broker/index.ts';
import { startLoad } from '../harness/load/index.ts';
import { runScenario } from '../harness/run/sweep.ts';
import { assertValidScenario } from '../harness/scenario/index.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'direct-only': { type: 'boolean', default: false },
    'direct-workers': { type: 'string', default: String(Math.max(1, os.availableParallelism())) },
    'direct-seconds': { type: 'string', default: '6' },
  },
});
const rates = positionals.map(Number).filter((n) => n > 0);
const sweep = rates.length > 0 ? rates : [250, 500, 1000, 2000, 3000];
const RECORD_BYTES = 110; // {"type":"OrderPlaced","orderId":"<uuid>","productId":n,"qty":1,"createdAt":ms}
const PARTITIONS = 2;

const dir = mkdtempSync(path.join(os.tmpdir(), 'ksb-maxrate-'));
const broker = await startBroker({ port: 0, dataDir: path.join(dir, 'broker'), heapMb: 1024 });
const out = (s: string) => process.stdout.write(`${s}\n`);
const admin = new Kafka({ clientId: 'max-rate', brokers: [broker.bootstrapServers], logLevel: logLevel.NOTHING }).admin();
try {
  await admin.connect();
  if (!values['direct-only']) await pipelineSweep();

  await admin.createTopics({ topics: [{ topic: 'perf', numPartitions: PARTITIONS }], waitForLeaders: true });
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
  out(`kafka-producer-perf-test (${RECORD_BYTES} B records, acks=all, ${PARTITIONS} partitions): ${last}`);

  await directToKafka(perfRate);
} finally {
  await admin.disconnect().catch(() => {});
  await broker.stop();
  rmSync(dir, { recursive: true, force: true });
}

async function pipelineSweep(): Promise<void> {
  const scenario = assertValidScenario(
    {
      name: 'max-rate',
      description: 'rate sweep for the max-rate bench',
      topology: { partitions: PARTITIONS, replicas: 2, consumer: { sessionTimeoutMs: 10000, heartbeatIntervalMs: 1000 } },
      load: { rate: sweep, durationS: 10, warmupS: 3, connections: 64, workers: 2 },
      drain: { timeoutS: 15 },
    },
    'max-rate',
  );
  const cpuBefore = process.cpuUsage();
  const wallBefore = Date.now();
  const outcome = await runScenario({ scenario, scenarioFile: 'bench/max-rate.ts', brokers: broker.bootstrapServers, resultsRoot: path.join(dir, 'results') });
  const cpu = process.cpuUsage(cpuBefore);
  const harnessCpu = (cpu.user + cpu.system) / 1000 / (Date.now() - wallBefore);
  let best = 0;
  out('target/s  achieved/s  accepted  lost  dup  http_p99_ms  e2e_p99_ms  drained');
  for (const r of outcome.results) {
    const achieved = r.raw.load?.achievedRate ?? 0;
    const rate = r.raw.cell.load.rate;
    const ok = achieved >= 0.97 * rate && r.accounting.lost === 0 && r.raw.drained && r.raw.status === 'ok';
    if (ok) best = Math.max(best, rate);
    out(
      `${String(rate).padStart(8)}  ${achieved.toFixed(1).padStart(10)}  ${String(r.accounting.accepted).padStart(8)}  ${String(r.accounting.lost).padStart(4)}  ${String(r.accounting.duplicated).padStart(3)}  ${r.httpSummary.p99Ms.toFixed(1).padStart(11)}  ${r.e2eSummary.p99Ms.toFixed(1).padStart(10)}  ${r.raw.drained}`,
    );
  }
  out(`harness process CPU over the sweep: ${(harnessCpu * 100).toFixed(0)}% of one core (load workers + probes; services and broker excluded)`);
  out(`highest sustained order rate through the pipeline: ${best}/s`);
}

/**
 * The load workers producing OrderPlaced records themselves. Offered open loop at twice
 * perf-test's rate, the achieved rate is the target's plateau (like perf-test's --throughput -1,
 * latency is then queueing); at 90% of that plateau, what the send delay and latency look like.
 */
async function directToKafka(perfRate: number): Promise<void> {
  const workers = Number(values['direct-workers']);
  const seconds = Number(values['direct-seconds']);
  const run = async (rate: number) => {
    const topic = `direct-${Math.round(rate)}`;
    await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true });
    const startAt = Date.now() + 1_500;
    const r = await startLoad({
      kafka: { brokers: [broker.bootstrapServers], topic },
      rate,
      durationS: 1 + seconds,
      startAt,
      measureFrom: startAt + 1_000,
      workers,
      connections: workers,
      payload: { productIds: 1_000, qty: 1 },
    }).done;
    const onTopic = (await admin.fetchTopicOffsets(topic)).reduce((n, o) => n + Number(o.high), 0);
    out(
      `  offered ${Math.round(rate)}/s: achieved ${r.achievedRate.toFixed(0)}/s, acknowledged ${r.total.ok} of ${r.total.intended} (${onTopic} on the topic), send delay p99 ${r.sendDelay.p99Ms.toFixed(1)} ms, ack latency p50 ${r.latency.p50Ms.toFixed(1)} p99 ${r.latency.p99Ms.toFixed(1)} ms`,
    );
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    return r;
  };
  out(`direct-to-Kafka load target (${workers} worker(s), a @platformatic/kafka producer per worker, acks=all, ${PARTITIONS} partitions):`);
  const plateau = await run(Math.max(1_000, perfRate * 2));
  const sustained = await run(plateau.achievedRate * 0.9);
  out(
    `direct-to-Kafka plateau: ${plateau.achievedRate.toFixed(0)} records/s = ${perfRate > 0 ? ((plateau.achievedRate / perfRate) * 100).toFixed(1) : '?'}% of kafka-producer-perf-test's ${perfRate.toFixed(0)} records/s (goal >= 50%)`,
  );
  out(
    `at 90% of it (${sustained.plan.rate.toFixed(0)}/s): achieved ${sustained.achievedRate.toFixed(0)}/s, send delay p99 ${sustained.sendDelay.p99Ms.toFixed(1)} ms`,
  );
}
