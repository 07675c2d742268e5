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

let broker: EmbeddedBroker | undefined;
let dataDir: string | undefined;

/**
 * One real broker for the whole run, on free ports and in a temporary folder, so the suite
 * passes while a user's own broker runs on 9092. KAFKA_BROKERS points the suite at another cluster.
 */
export async function setup(project: TestProject): Promise<void> {
  const external = externalBrokers(undefined);
  if (external) {
    project.provide('kafkaBrokers', external.join(','));
    return;
  }
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'ksb-test-broker-'));
  broker = await startBroker({ port: 0, dataDir, heapMb: 512, log: (l) => console.log(l) });
  console.log(`test broker ${broker.bootstrapServers} started in ${broker.startMs} ms`);
  project.provide('kafkaBrokers', broker.bootstrapServers);
}

export async function teardown(): Promise<void> {
  await broker?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
