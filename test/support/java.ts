import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { repoRoot } from '../../harness/paths.ts';
import { javaReplicaCommand } from '../../harness/sut/clients/java.ts';
import type { ServiceProcess } from './services.ts';

/** A Java inventory replica as the harness starts it, plus how long it took to say ready. */
export interface JavaReplica extends ServiceProcess {
  readyMs: number;
}

const children = new Set<ChildProcess>();

/**
 * `java ... bench.inventory.InventoryReplica --port 0 ...args` from harness/sut/clients/java.ts
 * (compiled on first use), resolved on its ready line; rejected with its stderr if it exits first.
 */
export async function spawnJavaReplica(args: string[], options: { readyTimeoutMs?: number; stdin?: 'ignore' | 'pipe' } = {}): Promise<JavaReplica> {
  const { command, args: argv } = await javaReplicaCommand(['--port', '0', ...args]);
  const started = Date.now();
  const child = spawn(command, argv, { cwd: repoRoot, stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    }),
  );
  const timeoutMs = options.readyTimeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Java replica not ready within ${timeoutMs} ms; stderr:\n${stderr}`));
    }, timeoutMs);
    const onData = (): void => {
      const line = stdout.split('\n').find((l) => l.includes('"event":"ready"'));
      if (!line) return;
      child.stdout!.off('data', onData);
      clearTimeout(timer);
      const { port } = JSON.parse(line) as { port: number };
      resolve({
        kind: 'inventory',
        port,
        url: `http://127.0.0.1:${port}`,
        pid: child.pid!,
        child,
        readyMs: Date.now() - started,
        stdout: () => stdout,
        stderr: () => stderr,
        exited,
        kill: (signal) => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`Java replica exited (${code ?? signal}) before it was ready; stderr:\n${stderr}`));
    });
  });
}

/** For afterEach/afterAll: SIGKILL every Java replica still running. */
export async function killAllJavaReplicas(): Promise<void> {
  await Promise.all(
    [...children].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

/** Resident memory in MiB, as /proc says (VmRSS). */
export function residentMiB(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb === undefined ? NaN : Number(kb) / 1024;
}
