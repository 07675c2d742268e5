/**
 * What the probes cost the harness: the same open-loop load (a bare endpoint in its own process)
 * with a cell's Kafka observer running (offsets every 200 ms, the group every 250 ms, metadata
 * every second, the tap reading the topic), and without, alternated, measuring the harness
 * process's CPU (load workers, probes, main thread). The probes' share is
 * (on - off) / on; goal < 3%. `npm run bench:probe-cost [-- --rate 2000 --seconds 10 --rounds 2]`
 */
import '../services/shared/node-warnings.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { startBroker } from '../harness/broker/index.ts';
import { startLoad } from '../harness/load/index.ts';
import { watchGroup } from '../harness/groups/open.ts';
import { startObserver, type KafkaObserver } from '../harness/probes/observer.ts';
import { startBareEndpoint } from './support/bare-endpoint.ts';

const { values } = parseArgs({
  options: { rate: { type: 'string', default: '2000' }, seconds: { type: 'string', default: '10' }, rounds: { type: 'string', default: '2' } },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const out = (s: string) => process.stdout.write(`${s}\n`);

const dir = mkdtempSync(path.join(os.tmpdir(), 'ksb-probe-cost-'));
const broker = await startBroker({ port: 0, dataDir: path.join(dir, 'broker'), heapMb: 512 });
const endpoint = await startBareEndpoint();
const admin = new Kafka({ clientId: 'probe-cost', brokers: [broker.bootstrapServers], logLevel: logLevel.NOTHING }).admin();
try {
  await admin.connect();
  const topic = 'probe-cost';
  const groupId = 'probe-cost-group';
  await admin.createTopics({ topics: [{ topic, numPartitions: 4 }], waitForLeaders: true });
  // A group with committed offsets, so the lag probe reads what it reads in a cell.
  await admin.setOffsets({ groupId, topic, partitions: [0, 1, 2, 3].map((partition) => ({ partition, offset: '0' })) });
  const group = await watchGroup({ name: 'classic', field: 'probe-cost' }, { admin, brokers: [broker.bootstrapServers], groupId, topic });
  let observers = 0;
  // Started before the CPU is read, as a cell starts it before the load.
  const observe = async (probes: boolean): Promise<KafkaObserver | undefined> =>
    probes
      ? startObserver({
          admin,
          brokers: [broker.bootstrapServers],
          topic,
          groupId,
          group,
          dir: mkdtempSync(path.join(dir, 'cell-')),
          tapGroupId: `probe-cost-tap-${observers++}`,
        })
      : undefined;

  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const run = async (probes: boolean): Promise<number> => {
    const observer = await observe(probes);
    const cpu = process.cpuUsage();
    const r = await startLoad({ url: endpoint.url, rate, durationS: seconds, workers: 1, connections: 16 }).done;
    const used = process.cpuUsage(cpu);
    await observer?.stop();
    const ms = (used.user + used.system) / 1000;
    out(`  probes ${probes ? 'on ' : 'off'}: harness CPU ${ms.toFixed(0)} ms over ${seconds} s at ${rate}/s (achieved ${r.achievedRate.toFixed(0)}/s)`);
    return ms;
  };
  await run(false); // warm-up: JIT, connections
  const on: number[] = [];
  const off: number[] = [];
  for (let i = 0; i < rounds; i++) {
    off.push(await run(false));
    on.push(await run(true));
  }
  // The difference above is within the run-to-run noise of the load itself; the probes alone
  // (no load, idle process subtracted) give their cost directly.
  const idleCpu = async (probes: boolean): Promise<number> => {
    const observer = await observe(probes);
    const cpu = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const used = process.cpuUsage(cpu);
    await observer?.stop();
    return (used.user + used.system) / 1000;
  };
  await idleCpu(true); // warm-up of the probes' code paths
  const aloneOn: number[] = [];
  const aloneOff: number[] = [];
  for (let i = 0; i < 2; i++) {
    aloneOff.push(await idleCpu(false));
    aloneOn.push(await idleCpu(true));
  }
  const alone = mean(aloneOn) - mean(aloneOff);
  await group.close();
  const share = (mean(on) - mean(off)) / mean(on);
  out(`probes on vs off under load: ${(share * 100).toFixed(1)}% of the harness's CPU (on ${mean(on).toFixed(0)} ms, off ${mean(off).toFixed(0)} ms)`);
  out(
    `probes alone: ${alone.toFixed(0)} ms of CPU over ${seconds} s = ${((alone / mean(on)) * 100).toFixed(1)}% of the harness's CPU under this load (goal < 3%)`,
  );
} finally {
  await admin.disconnect().catch(() => {});
  await endpoint.stop();
  await broker.stop();
  rmSync(dir, { recursive: true, force: true });
}
