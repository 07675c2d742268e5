/**
 * Figures for the embedded broker, measured in one run on this machine:
 * cold start (format + start, jars already fetched), warm restart (same data dir), resident
 * memory at idle, and a three-node start. `npm run bench:broker`
 */
import '../services/shared/node-warnings.ts';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDistribution, startBroker } from '../harness/broker/index.ts';

const heapMb = Number(process.env.HEAP_MB ?? 512);
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const line = (k: string, v: string) => process.stdout.write(`${k.padEnd(34)} ${v}\n`);

const dist = ensureDistribution();
line('kafka', `${dist.version} (jars ${dist.fetchedNow ? `fetched in ${(dist.fetchMs / 1000).toFixed(1)} s` : 'cached'})`);
const dir = mkdtempSync(path.join(os.tmpdir(), 'ksb-figures-'));
try {
  const cold = await startBroker({ port: 0, dataDir: path.join(dir, 'one'), heapMb });
  line('cold start (format + start)', `${(cold.startMs / 1000).toFixed(2)} s`);
  await new Promise((r) => setTimeout(r, 15_000));
  line(`idle RSS after 15 s (-Xmx${heapMb}m)`, `${rssMb(cold.pids()[0]!).toFixed(0)} MiB`);
  const stopAt = Date.now();
  await cold.stop();
  line('stop', `${((Date.now() - stopAt) / 1000).toFixed(2)} s`);
  const warm = await startBroker({ port: 0, dataDir: path.join(dir, 'one'), heapMb });
  line('warm restart (same data dir)', `${(warm.startMs / 1000).toFixed(2)} s`);
  await warm.stop();
  const three = await startBroker({ nodes: 3, port: 0, dataDir: path.join(dir, 'three'), heapMb: 384 });
  line('three-node start (-Xmx384m each)', `${(three.startMs / 1000).toFixed(2)} s`);
  line(
    'three-node RSS total',
    `${three
      .pids()
      .reduce((s, p) => s + rssMb(p), 0)
      .toFixed(0)} MiB`,
  );
  await three.stop();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
