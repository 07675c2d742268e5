import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { isPortFree } from '../../harness/broker/index.ts';
import { describeGroupConfig } from '../../harness/groups/group-config.ts';
import { ShareGroupReader } from '../../harness/groups/share/share-group-reader.ts';
import type { LabState } from '../../harness/lab/index.ts';
import { repoRoot } from '../../harness/paths.ts';
import { getJson, postJson } from '../../harness/sut/service-process.ts';
import { isRunning, processesMatching } from '../support/processes.ts';

const brokers = inject('kafkaBrokers');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'ksb-lab-'));

/** A non-interactive shell, as a CI step or a script runs it: no terminal, no job control. */
function sh(script: string, timeoutMs = 120_000): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', script], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KAFKA_BROKERS: '' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

const waitFor = async (what: () => boolean, ms: number) => {
  const deadline = Date.now() + ms;
  while (!what() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return what();
};

/** As waitFor, for a condition read over the network. */
const waitForAsync = async (what: () => Promise<boolean>, ms: number) => {
  const deadline = Date.now() + ms;
  while (!(await what()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return what();
};

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('npm run lab', () => {
  it('starts, shows who owns what and the stock, follows a partition increase, and stops leaving no process', async () => {
    const dir = path.join(tmp, 'lab');
    const bootstrap = brokers.split(',')[0]!;
    const start = await sh(`npm run -s lab -- start --replicas 2 --partitions 1 --brokers ${brokers} --dir ${dir}`);
    expect(start.code, start.out).toBe(0);
    const state = JSON.parse(readFileSync(path.join(dir, 'lab.json'), 'utf8')) as LabState;
    const pids = state.services.map((s) => s.pid);
    expect(state.services.map((s) => s.name)).toEqual(['order', 'inventory-8082', 'inventory-8083']);
    expect(start.out).toMatch(/inventory-8082 .* partitions \[0\]/);
    expect(start.out).toMatch(/inventory-8083 .* partitions \[\]/);
    expect(state.brokerStartedIn).toBeUndefined();

    const story = await sh(
      [
        `curl -sf -XPOST localhost:8082/inventories -H 'content-type: application/json' -d '{"id":1,"stock":10}'`,
        `curl -sf -XPOST localhost:8083/inventories -H 'content-type: application/json' -d '{"id":1,"stock":10}'`,
        `for i in 1 2 3 4; do curl -sf -XPOST localhost:8081/orders -H 'content-type: application/json' -d '{"productId":1,"qty":1}' >/dev/null; done`,
        // Until the owner has applied the four orders (its stock is 6), polled cheaply over HTTP.
        `for i in $(seq 1 100); do curl -sf localhost:8082/inventories/1 | grep -q '"stock":6' && break; sleep 0.1; done`,
        `npm run -s lab -- status --dir ${dir}`,
        `npm run -s kafka -- kafka-topics --bootstrap-server ${bootstrap} --alter --topic labshoppubsub --partitions 2`,
        // The replicas see the new partition within the metadata max age (5 s) and the group
        // rebalances: polled on the idle replica's /stats, then shown by lab status.
        `for i in $(seq 1 300); do curl -sf localhost:8083/stats | grep -q '"assignment":\\[1\\]' && break; sleep 0.1; done`,
        `npm run -s lab -- status --dir ${dir}`,
      ].join(' && '),
    );
    expect(story.code, story.out).toBe(0);
    expect(story.out).toMatch(/inventory-8082 .*partitions \[0\] .*stock #1=6/);
    expect(story.out).toMatch(/inventory-8083 .*partitions \[\] .*stock #1=10/);
    expect(story.out).toContain('(2 partitions)');
    expect(story.out).toMatch(/inventory-8083 .*partitions \[1\]/);

    const stop = await sh(`npm run -s lab -- stop --dir ${dir}`);
    expect(stop.code, stop.out).toBe(0);
    expect(stop.out).toContain(`stopped 3 services; the broker at ${brokers} keeps running`);
    // Nothing left: not the recorded services, not tsx, nothing on the lab's ports.
    for (const pid of pids) expect(isRunning(pid), `pid ${pid}`).toBe(false);
    expect(processesMatching(dir)).toEqual([]);
    for (const port of [8081, 8082, 8083]) expect(await isPortFree(port), `port ${port}`).toBe(true);
    expect(existsSync(path.join(dir, 'lab.json'))).toBe(false);
    // The services left while the broker still answered: no connection errors, no members left behind.
    for (const s of state.services) expect(readFileSync(s.logFile, 'utf8'), s.name).not.toContain('ECONNREFUSED');
    const admin = new Kafka({ clientId: 'lab-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const { groups } = await admin.describeGroups(['inventory']);
      expect(groups[0]?.members ?? []).toEqual([]);
    } finally {
      await admin.disconnect();
    }

    const status = await sh(`npm run -s lab -- status --dir ${dir}`);
    expect(status.code).toBe(1);
    expect(status.out).toContain('not running');
  });

  it('starts a broker when none runs and stops it after the services', async () => {
    const dir = path.join(tmp, 'own-broker');
    const brokerDir = path.join(tmp, 'own-broker-kafka');
    const start = await sh(`npm run -s lab -- start --replicas 1 --dir ${dir} --broker-dir ${brokerDir} --broker-port 0`);
    expect(start.code, start.out).toBe(0);
    expect(start.out).toContain('starting the embedded broker (lab stop stops it)');
    const state = JSON.parse(readFileSync(path.join(dir, 'lab.json'), 'utf8')) as LabState;
    expect(state.brokerStartedIn).toBe(brokerDir);
    const stop = await sh(`npm run -s lab -- stop --dir ${dir}`);
    expect(stop.out).toContain('stopped 2 services and the broker lab start had started');
    for (const s of state.services) expect(isRunning(s.pid)).toBe(false);
    expect(processesMatching(brokerDir)).toEqual([]);
    expect(await isPortFree(8081)).toBe(true);
  });

  it('runs @platformatic/kafka replicas on the consumer protocol (KIP-848) and reads their group the same way', async () => {
    const dir = path.join(tmp, 'platformatic');
    try {
      const start = await sh(`npm run -s lab -- start --client platformatic --brokers ${brokers} --dir ${dir}`);
      expect(start.code, start.out).toBe(0);
      // The broker's uniform assignor picks either member for the one partition: one owns it, one idles.
      const owners = [...start.out.matchAll(/inventory-808[23] .*partitions \[(\d*)\]/g)].map((m) => m[1]).sort();
      expect(owners, start.out).toEqual(['', '0']);
    } finally {
      const stop = await sh(`npm run -s lab -- stop --dir ${dir}`);
      expect(stop.code, stop.out).toBe(0);
    }
    expect(await isPortFree(8081)).toBe(true);
  });

  it('runs a share group of Java replicas (--group-type share): both take orders from the one partition, with no alter', async () => {
    const dir = path.join(tmp, 'share');
    const urls = ['http://127.0.0.1:8182', 'http://127.0.0.1:8183'];
    let state: LabState | undefined;
    let stop: { code: number | null; out: string };
    try {
      // No --client: kafkajs has no share consumer, so start picks java and says why.
      const start = await sh(`npm run -s lab -- start --group-type share --replicas 2 --partitions 1 --port 8181 --brokers ${brokers} --dir ${dir}`, 240_000);
      expect(start.code, start.out).toBe(0);
      expect(start.out).toContain('--group-type share: client java (the default, kafkajs, cannot join a share group');
      state = JSON.parse(readFileSync(path.join(dir, 'lab.json'), 'utf8')) as LabState;
      expect(state).toMatchObject({ client: 'java', groupProtocol: 'share' });
      expect(start.out).toContain('group inventory (share group, Stable)');
      // One partition, two members, both assigned it: nobody idles.
      expect(start.out).toMatch(/inventory-8182 .*partitions \[0\]/);
      expect(start.out).toMatch(/inventory-8183 .*partitions \[0\]/);
      // Set before the replicas joined, so the records produced before a member's first fetch are read too.
      expect(await describeGroupConfig(brokers.split(','), 'inventory', 'share.auto.offset.reset')).toEqual({ value: 'earliest', groupSet: true });

      for (const url of urls) expect(await postJson(`${url}/inventories`, { id: 1, stock: 1000 })).toBe(201);
      const stocks = () => Promise.all(urls.map(async (url) => (await getJson<{ stock: number }>(`${url}/inventories/1`)).stock));
      // One order at a time, each waited for until applied, until both stocks moved: the broker hands
      // the next record to whichever member asks, and a burst could go to one member in one batch.
      let orders = 0;
      for (; orders < 40; orders++) {
        const now = await stocks();
        if (now.every((stock) => stock < 1000)) break;
        expect(await postJson('http://127.0.0.1:8181/orders', { productId: 1, qty: 1 })).toBe(201);
        const placed = orders + 1;
        const applied = async () => (await stocks()).reduce((sum, stock) => sum + (1000 - stock), 0) === placed;
        expect(await waitForAsync(applied, 30_000), `order ${placed} applied`).toBe(true);
      }
      const [first, second] = await stocks();
      expect(first, `after ${orders} orders`).toBeLessThan(1000);
      expect(second, `after ${orders} orders`).toBeLessThan(1000);
      expect(2000 - first! - second!).toBe(orders);

      const status = await sh(`npm run -s lab -- status --dir ${dir}`);
      expect(status.code, status.out).toBe(0);
      expect(status.out).toMatch(new RegExp(`inventory-8182 .*partitions \\[0\\] .*stock #1=${first}\\b`));
      expect(status.out).toMatch(new RegExp(`inventory-8183 .*partitions \\[0\\] .*stock #1=${second}\\b`));
      // The share group's own offsets (DescribeShareGroupOffsets), not committed offsets: none are committed.
      expect(status.out).toMatch(
        new RegExp(`partition 0: end offset ${orders}, share-partition start offset \\d+, lag 0, shared by inventory-8182, inventory-8183`),
      );
    } finally {
      stop = await sh(`npm run -s lab -- stop --dir ${dir}`);
    }
    expect(stop.code, stop.out).toBe(0);
    expect(stop.out).toContain(`stopped 3 services; the broker at ${brokers} keeps running`);
    // Nothing left: the JVMs and the order service are gone, the ports free, and the members left the group.
    for (const s of state!.services) expect(isRunning(s.pid), `${s.name} pid ${s.pid}`).toBe(false);
    for (const port of [8181, 8182, 8183]) {
      expect(processesMatching(`--port\0${port}\0`)).toEqual([]);
      expect(await isPortFree(port), `port ${port}`).toBe(true);
    }
    const reader = new ShareGroupReader(brokers.split(','), 'inventory', 'labshoppubsub');
    try {
      expect((await reader.members()).members).toEqual([]);
    } finally {
      await reader.close();
    }
    // An empty share group is deleted like any other: the next lab start takes the group id back for its own kind.
    const admin = new Kafka({ clientId: 'lab-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      await admin.deleteGroups(['inventory']);
    } finally {
      await admin.disconnect();
    }
  });

  it('refuses ports that are taken, with the environment exit code', async () => {
    const net = await import('node:net');
    const squatter = net.createServer().listen(8081, '127.0.0.1');
    // A port still held by something else fails the test at once instead of hanging it.
    await new Promise((resolve, reject) => {
      squatter.once('listening', resolve);
      squatter.once('error', reject);
    });
    try {
      const run = await sh(`npm run -s lab -- start --brokers ${brokers} --dir ${path.join(tmp, 'taken')}`);
      expect(run.code).toBe(5);
      expect(run.out).toContain('error[PORT_IN_USE]: port 8081 on 127.0.0.1 is already taken by another process');
    } finally {
      squatter.close();
    }
  });
});

describe('a service started by hand', () => {
  it('exits with the npm process that started it, taking tsx with it', async () => {
    const marker = `lab-parent-${process.pid}`;
    const log = path.join(tmp, 'order.log');
    const script = [
      `npm run service:order -- --port 0 --brokers ${brokers} --topic ${marker} > ${log} 2>&1 &`,
      'NPM=$!',
      `for i in $(seq 1 100); do grep -q '"event":"ready"' ${log} && break; sleep 0.2; done`,
      'kill $NPM',
      'echo killed npm',
    ].join('\n');
    const run = await sh(script);
    expect(run.out).toContain('killed npm');
    expect(readFileSync(log, 'utf8')).toContain('"event":"ready"');
    // npm is gone; the service notices within its 1 s poll and shuts down, and tsx exits with it.
    expect(await waitFor(() => processesMatching(marker).length === 0, 15_000), `left running: ${processesMatching(marker).join(', ')}`).toBe(true);
    expect(readFileSync(log, 'utf8')).toMatch(/the process that launched it \(pid \d+\) is gone/);
  });
});
