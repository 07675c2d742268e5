import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ClusterLayout } from './config.ts';

/**
 * What a running embedded cluster looks like on disk, so that `broker status|stop|logs` in
 * another process finds the processes that `broker start` left running, and only those.
 */
export interface BrokerState {
  version: string;
  clusterId: string;
  bootstrapServers: string;
  heapMb: number;
  startedAt: string;
  layout: ClusterLayout;
  pids: Record<string, number>;
}

/** The layout a data directory was formatted for; a warm restart must reuse it. */
export interface FormattedLayout {
  clusterId: string;
  layout: ClusterLayout;
  /** The release whose kafka-storage formatted it; absent in data directories from before it was recorded. */
  kafkaVersion?: string;
}

export const stateFile = (dataDir: string) => path.join(dataDir, 'broker.json');
export const layoutFile = (dataDir: string) => path.join(dataDir, 'layout.json');

export function readState(dataDir: string): BrokerState | undefined {
  return readJson<BrokerState>(stateFile(dataDir));
}

export function writeState(dataDir: string, state: BrokerState): void {
  writeFileSync(stateFile(dataDir), `${JSON.stringify(state, null, 2)}\n`);
}

export function clearState(dataDir: string): void {
  rmSync(stateFile(dataDir), { force: true });
}

export function readLayout(dataDir: string): FormattedLayout | undefined {
  return readJson<FormattedLayout>(layoutFile(dataDir));
}

export function writeLayout(dataDir: string, formatted: FormattedLayout): void {
  writeFileSync(layoutFile(dataDir), `${JSON.stringify(formatted, null, 2)}\n`);
}

function readJson<T>(file: string): T | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/**
 * A pid is ours only while it is alive and its command line still names our node directory:
 * after a reboot the same number may belong to something else.
 */
export function isOurProcess(pid: number, nodeDir: string): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes(nodeDir);
  } catch {
    // No /proc (macOS): a live pid recorded by us is the best evidence there is.
    return true;
  }
}
