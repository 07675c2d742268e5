import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { externalBrokers, startBroker, type EmbeddedBroker } from '../../harness/broker/index.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Bootstrap servers of the broker every integration test shares (unique topics per test). */
    kafkaBrokers: string;
  }
}

interface SharedBroker {
  /** Projects whose setup ran and whose teardown has not: the last one stops the broker. */
  users: number;
  started?: Promise<{ bootstrapServers: string; broker?: EmbeddedBroker; dataDir?: string }>;
}

/**
 * Every integration project (integration-light, integration, integration-solo: see
 * vitest.config.ts) calls this setup in the same process: they share one broker through globalThis.
 */
const holder = globalThis as { __ksbTestBroker?: SharedBroker };
holder.__ksbTestBroker ??= { users: 0 };
const shared: SharedBroker = holder.__ksbTestBroker;

/**
 * One real broker for the whole run, on free ports and in a temporary folder, so the suite
 * passes while a user's own broker runs on 9092. KAFKA_BROKERS points the suite at another cluster.
 */
async function start(): Promise<{ bootstrapServers: string; broker?: EmbeddedBroker; dataDir?: string }> {
  const external = externalBrokers(undefined);
  if (external) return { bootstrapServers: external.join(',') };
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ksb-test-broker-'));
  const broker = await startBroker({ port: 0, dataDir, heapMb: 512, log: (l) => console.log(l) });
  console.log(`test broker ${broker.bootstrapServers} started in ${broker.startMs} ms`);
  return { bootstrapServers: broker.bootstrapServers, broker, dataDir };
}

export async function setup(project: TestProject): Promise<void> {
  shared.users += 1;
  shared.started ??= start();
  project.provide('kafkaBrokers', (await shared.started).bootstrapServers);
}

export async function teardown(): Promise<void> {
  shared.users -= 1;
  if (shared.users > 0 || !shared.started) return;
  const { broker, dataDir } = await shared.started;
  shared.started = undefined;
  await broker?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
