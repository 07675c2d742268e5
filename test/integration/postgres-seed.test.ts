import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { Topology } from '../../harness/model/scenario.ts';
import { SEED_STOCK, startManagedSystem as startSystem } from '../../harness/sut/managed/system.ts';
import type { SystemUnderTest } from '../../harness/sut/types.ts';

const brokers = inject('kafkaBrokers');
const PG_URL = process.env.KSB_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const topology: Topology = {
  partitions: 2,
  replicas: 1,
  store: 'postgres',
  key: 'none',
  producer: { metadataMaxAgeMs: 2000 },
  consumer: {
    client: 'kafkajs',
    groupProtocol: 'classic',
    assignor: 'range',
    metadataMaxAgeMs: 2000,
    sessionTimeoutMs: 10_000,
    heartbeatIntervalMs: 1000,
    groupHeartbeatIntervalMs: null,
    partitionsConsumedConcurrently: 1,
  },
  work: { perMessageMs: 0, mode: 'sleep' },
};

describe('the Postgres store is seeded once per cell', () => {
  const id = randomUUID().slice(0, 8);
  const topic = `pgseed-${id}`;
  const groupId = `pgseed-${id}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ksb-test-pgseed-'));
  const admin = new Kafka({ clientId: 'pgseed-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
  let system: SystemUnderTest | undefined;

  afterAll(async () => {
    await system?.stop();
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    await admin.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a replica added mid-run leaves the shared stock as it was (it used to reset it)', async () => {
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    system = await startSystem({ brokers, topic, groupId, topology, dir, productIds: 1, pgUrl: PG_URL });
    const table = `ksb_${groupId.replace(/[^a-z0-9]/gi, '_').toLowerCase()}`.slice(0, 50);
    const db = new pg.Client({ connectionString: PG_URL });
    await db.connect();
    try {
      // As if orders had been processed: the stock went down by 5.
      await db.query(`UPDATE ${table} SET stock = stock - 5 WHERE id = 1`);
      await system.addReplica();
      const { rows } = await db.query<{ stock: string }>(`SELECT stock FROM ${table} WHERE id = 1`);
      expect(Number(rows[0]!.stock)).toBe(SEED_STOCK - 5);
    } finally {
      await db.end();
    }
  });
});
