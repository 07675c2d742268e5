import path from 'node:path';
import pg from 'pg';
import type { Topology } from '../../model/scenario.ts';
import { client } from '../../clients/registry.ts';
import { consumerFlags } from '../../clients/flags.ts';
import { capabilitiesOf } from '../../model/system.ts';
import { postJson, startService, type ServiceProcess } from '../service-process.ts';
import { pausing, runningReplica, type Replica, type SystemUnderTest } from '../types.ts';

/**
 * The project's own system under test for one cell: the order service and the inventory
 * replicas, each a child process against the cell's own topic and group.
 */
export interface SystemOptions {
  brokers: string;
  /** The Kafka release of the Java replica's kafka-clients, unless the consumer settings name one. */
  clientsVersion?: string;
  topic: string;
  groupId: string;
  topology: Topology;
  /** Where logs and journals go (the cell's raw folder). */
  dir: string;
  /** Products seeded with stock in every store before the load. */
  productIds: number;
  pgUrl?: string;
}

export const SEED_STOCK = 1_000_000_000;
const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

export async function startManagedSystem(o: SystemOptions): Promise<SystemUnderTest> {
  const { topology } = o;
  const pgUrl = o.pgUrl ?? process.env.KSB_PG_URL ?? DEFAULT_PG_URL;
  const pgTable = `ksb_${o.groupId.replace(/[^a-z0-9]/gi, '_').toLowerCase()}`.slice(0, 50);
  const replicas: Replica[] = [];
  let order: ServiceProcess | undefined;
  let started = 0;

  /** One process of replica `index`: a restart passes its port, so the replica keeps its address. */
  const launchReplica = async (index: number, port: number | undefined): Promise<ServiceProcess> => {
    const name = `inventory-${index}`;
    const journal = path.join(o.dir, `journal-${name}.ndjson`);
    const launch = await client(topology.consumer.client).launch(
      [
        '--port',
        String(port ?? 0),
        '--name',
        name,
        '--brokers',
        o.brokers,
        '--topic',
        o.topic,
        '--group',
        o.groupId,
        '--store',
        topology.store,
        '--pg-url',
        pgUrl,
        '--pg-table',
        pgTable,
        '--work-ms',
        String(topology.work.perMessageMs),
        '--work-mode',
        topology.work.mode,
        ...consumerFlags(topology.consumer),
        '--journal',
        journal,
      ],
      { kafkaVersion: topology.consumer.kafkaClientsVersion ?? o.clientsVersion },
    );
    return startService({ name, ...launch, logFile: path.join(o.dir, `${name}.log`) });
  };

  /** Only the replica's current process ending unasked is a crash (a restart's SIGTERM is not). */
  const watchExit = (replica: Replica, process_: ServiceProcess) => {
    void process_.exited.then(() => {
      if (replica.process === process_ && replica.record.endedAt === undefined && !restarting.has(replica.index)) {
        replica.record.endedAt = Date.now();
        replica.record.endedBy = 'crashed';
      }
    });
  };

  /**
   * Memory stores are per replica (and per process: a restarted one is seeded again). The
   * Postgres table is shared and POST /inventories overwrites: seeded again by a replica added
   * or restarted mid-run it would reset everyone's stock, so only the first replica seeds it, once.
   */
  const seed = async (replica: Replica, first: boolean) => {
    const seeds = topology.store === 'postgres' && (replica.index > 0 || !first) ? 0 : o.productIds;
    for (let id = 1; id <= seeds; id++) {
      const status = await postJson(`${replica.process.url}/inventories`, { id, stock: SEED_STOCK });
      if (status !== 201) throw new Error(`${replica.name}: seeding stock for product ${id} answered HTTP ${status}`);
    }
  };

  const startReplica = async (): Promise<Replica> => {
    // The index is taken before the first await, so replicas started together keep distinct ones.
    const index = started++;
    const name = `inventory-${index}`;
    const process_ = await launchReplica(index, undefined);
    const replica: Replica = {
      index,
      name,
      process: process_,
      record: { name, index, pid: process_.pid, port: process_.port, startedAt: Date.now(), endedBy: 'cell-end', journal: `journal-${name}.ndjson` },
    };
    replicas[index] = replica;
    watchExit(replica, process_);
    await seed(replica, true);
    return replica;
  };

  const restarting = new Set<number>();
  const restartReplica = async (index: number, at = Date.now()): Promise<Replica> => {
    const replica = runningReplica(replicas, index);
    restarting.add(index);
    try {
      await replica.process.stop();
      const exitedAt = Date.now();
      const process_ = await launchReplica(index, replica.process.port);
      replica.process = process_;
      replica.record.pid = process_.pid;
      replica.record.restarts = [...(replica.record.restarts ?? []), { at, exitedAt, startedAt: Date.now(), pid: process_.pid }];
      watchExit(replica, process_);
      await seed(replica, false);
      return replica;
    } finally {
      restarting.delete(index);
    }
  };

  const end = async (index: number, how: 'stopReplica' | 'killReplica', at = Date.now()) => {
    const replica = runningReplica(replicas, index);
    replica.record.endedAt = at;
    replica.record.endedBy = how;
    await (how === 'stopReplica' ? replica.process.stop() : replica.process.kill());
    return replica;
  };

  const stopAll = async () => {
    const now = Date.now();
    const known = replicas.filter((r): r is Replica => r !== undefined);
    for (const r of known) if (r.record.endedAt === undefined) r.record.endedAt = now;
    await Promise.all([order?.stop(), ...known.map((r) => r.process.stop())]);
    if (topology.store === 'postgres') await dropTables(pgUrl, pgTable).catch(() => {});
  };

  try {
    order = await startService({
      name: 'order',
      main: 'services/order/main.ts',
      logFile: path.join(o.dir, 'order.log'),
      args: [
        '--port',
        '0',
        '--brokers',
        o.brokers,
        '--topic',
        o.topic,
        '--key',
        topology.key,
        '--metadata-max-age-ms',
        String(topology.producer.metadataMaxAgeMs),
      ],
    });
    // Together: each replica is a Node process that takes a second or so to start, and a sweep
    // with 8 replicas per cell should not wait for them one by one. The timeline names replicas
    // by index (inventory-<index>), not by the order in which they joined the group.
    // allSettled, not all: every replica that did start must be known before stopAll runs.
    const starts = await Promise.allSettled(Array.from({ length: topology.replicas }, () => startReplica()));
    const failed = starts.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  } catch (err) {
    await stopAll();
    throw err;
  }

  return {
    capabilities: capabilitiesOf({ kind: 'managed' }),
    orderUrl: order!.url,
    replicas,
    running: () => replicas.filter((r) => r.process.isRunning()),
    addReplica: startReplica,
    stopReplica: (i, at) => end(i, 'stopReplica', at),
    killReplica: (i, at) => end(i, 'killReplica', at),
    restartReplica,
    ...pausing(replicas),
    stop: stopAll,
  };
}

async function dropTables(url: string, table: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP TABLE IF EXISTS ${table}, ${table}_processed`);
  } finally {
    await client.end();
  }
}
