/**
 * Per consumer client: one replica's start time (spawn to ready line), its processing ceiling
 * with no work per order (a backlog of N orders on one partition, drained as fast as the client
 * goes: first to last processed order in its journal), and its resident memory after the drain.
 * Same broker, same records, one client after the other, in one run: read the figures as ratios.
 * `npm run bench:replica-ceiling [-- 30000]`
 */
import '../services/shared/node-warnings.ts';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { startBroker } from '../harness/broker/index.ts';
import { readJournal } from '../harness/journal/read.ts';
import { client as clientNamed, clients } from '../harness/clients/registry.ts';
import { groupType } from '../harness/groups/registry.ts';
import { variantName } from '../harness/model/variant.ts';
import { startService } from '../harness/sut/service-process.ts';

const records = Number(process.argv[2] ?? 30_000);
// Every registered client on every group type it runs, with that group type's default assignor.
const variants = clients().flatMap((c) => Object.keys(c.groupTypes).map((protocol) => [c.name, protocol, groupType(protocol).defaultAssignor] as const));
const out = (s: string) => process.stdout.write(`${s}\n`);
const dir = mkdtempSync(path.join(os.tmpdir(), 'ksb-ceiling-'));
const broker = await startBroker({ port: 0, dataDir: path.join(dir, 'broker'), heapMb: 1024 });
const kafka = new Kafka({ clientId: 'ceiling', brokers: [broker.bootstrapServers], logLevel: logLevel.NOTHING });
try {
  const topic = 'ceiling';
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  for (let sent = 0; sent < records; sent += 1000) {
    const now = Date.now();
    const messages = Array.from({ length: Math.min(1000, records - sent) }, () => ({
      value: JSON.stringify({ type: 'OrderPlaced', orderId: randomUUID(), productId: 1, qty: 1, createdAt: now }),
    }));
    await producer.send({ topic, acks: -1, messages });
  }
  await producer.disconnect();
  out(`${records} OrderPlaced records on 1 partition; one replica per client reads them all (work 0, memory store)`);
  out('client-protocol-assignor        start_ms  orders/s   rss_mib');
  for (const [client, protocol, assignor] of variants) {
    const name = variantName({ client, groupProtocol: protocol, assignor });
    const journal = path.join(dir, `${name}.ndjson`);
    const flags = [
      '--port',
      '0',
      '--name',
      name,
      '--brokers',
      broker.bootstrapServers,
      '--topic',
      topic,
      '--group',
      `ceiling-${name}`,
      '--group-protocol',
      protocol,
      '--assignor',
      assignor,
      '--journal',
      journal,
    ];
    const launch = await clientNamed(client).launch(flags);
    const spawned = Date.now();
    const replica = await startService({ name, ...launch, logFile: path.join(dir, `${name}.log`), readyTimeoutMs: 60_000 });
    const startMs = Date.now() - spawned;
    const deadline = Date.now() + 180_000;
    let done = 0;
    while (Date.now() < deadline) {
      done = readJournal(journal, name).orders.length;
      if (done >= records) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${replica.pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
    await replica.stop();
    const orders = readJournal(journal, name).orders;
    const first = Math.min(...orders.map((o) => o.processedAt));
    const last = Math.max(...orders.map((o) => o.processedAt));
    const rate = orders.length >= records ? (orders.length / Math.max(1, last - first)) * 1000 : NaN;
    out(
      `${name.padEnd(30)}  ${String(startMs).padStart(8)}  ${Number.isNaN(rate) ? `only ${done}`.padStart(8) : rate.toFixed(0).padStart(8)}  ${rss.toFixed(0).padStart(8)}`,
    );
  }
} finally {
  await broker.stop();
  rmSync(dir, { recursive: true, force: true });
}
