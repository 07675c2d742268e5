import { readFileSync } from 'node:fs';
import { javaReplicaCommand } from '../../harness/clients/java/launch.ts';
import { killAllServices, spawnReady, type ServiceProcess } from './services.ts';

/** A Java inventory replica as the harness starts it, plus how long it took to say ready. */
export interface JavaReplica extends ServiceProcess {
  readyMs: number;
}

/**
 * `java ... bench.inventory.InventoryReplica --port 0 ...args` from harness/sut/clients/java.ts
 * (compiled on first use), resolved on its ready line; rejected with its stderr if it exits first.
 */
export async function spawnJavaReplica(args: string[], options: { readyTimeoutMs?: number; stdin?: 'ignore' | 'pipe' } = {}): Promise<JavaReplica> {
  const { command, args: argv } = await javaReplicaCommand(['--port', '0', ...args]);
  const started = Date.now();
  const replica = await spawnReady('inventory', command, argv, options);
  return { ...replica, readyMs: Date.now() - started };
}

/** For afterEach/afterAll: SIGKILL every Java replica still running (every service, in fact). */
export const killAllJavaReplicas = killAllServices;

/** Resident memory in MiB, as /proc says (VmRSS). */
export function residentMiB(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb === undefined ? NaN : Number(kb) / 1024;
}
