/**
 * The highest order rate the whole pipeline sustains here (HTTP -> order service -> Kafka ->
 * two inventory replicas), beside what Kafka's own kafka-producer-perf-test reaches on the same
 * broker with records of the same size, in one run, so the figure reads as a ratio.
 * Also the CPU the harness process itself (load workers + probes) used per cell.
 * `npm run bench:max-rate [-- 250 500 1000 2000]`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runKafkaTool, startBroker } from '../harness/broker/index.ts';
import { runScenario } from '../harness/run/sweep.ts';
import { assertValidScenario } from '../harness/scenario/index.ts';
import { Kafka, logLevel } from 'kafkajs';

const rates = process.argv.slice(2).map(Number).filter((n) => n > 0);
const sweep = rates.length > 0 ? rates : [250, 500, 1000, 2000, 3000];
const RECORD_BYTES = 110; // {"type":"OrderPlaced","orderId":"<uuid>","productId":n,"qty":1,"createdAt":ms}

const dir = mkdtempSync(path.join(os.tmpdir(), 'ksb-maxrate-'));
const broker = await startBroker({ port: 0, dataDir: path.join(dir, 'broker'), heapMb: 1024 });
const out = (s: string) => process.stdout.write(`${s}\n`);
try {
  const scenario = assertValidScenario(
    {
      name: 'max-rate',
      description: 'rate sweep for the max-rate bench',
      topology: { partitions: 2, replicas: 2, consumer: { sessionTimeoutMs: 10000, heartbeatIntervalMs: 1000 } },
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
    out(`${String(rate).padStart(8)}  ${achieved.toFixed(1).padStart(10)}  ${String(r.accounting.accepted).padStart(8)}  ${String(r.accounting.lost).padStart(4)}  ${String(r.accounting.duplicated).padStart(3)}  ${r.httpSummary.p99Ms.toFixed(1).padStart(11)}  ${r.e2eSummary.p99Ms.toFixed(1).padStart(10)}  ${r.raw.drained}`);
  }
  out(`harness process CPU over the sweep: ${(harnessCpu * 100).toFixed(0)}% of one core (load workers + probes; services and broker excluded)`);

  const admin = new Kafka({ clientId: 'max-rate', brokers: [broker.bootstrapServers], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'perf', numPartitions: 2 }], waitForLeaders: true });
  await admin.disconnect();
  const perf = await runKafkaTool('kafka-producer-perf-test', [
    '--topic', 'perf', '--num-records', '300000', '--record-size', String(RECORD_BYTES), '--throughput', '-1',
    '--producer-props', `bootstrap.servers=${broker.bootstrapServers}`, 'acks=all',
  ]);
  const last = perf.stdout.trim().split('\n').at(-1) ?? '';
  const perfRate = Number(/([\d.]+) records\/sec/.exec(last)?.[1] ?? 0);
  out(`kafka-producer-perf-test (${RECORD_BYTES} B records, acks=all, 2 partitions): ${last}`);
  out(`highest sustained order rate: ${best}/s = ${perfRate > 0 ? ((best / perfRate) * 100).toFixed(1) : '?'}% of kafka-producer-perf-test's ${perfRate.toFixed(0)} records/s`);
} finally {
  await broker.stop();
  rmSync(dir, { recursive: true, force: true });
}
