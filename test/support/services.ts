import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { repoRoot } from '../../harness/paths.ts';
import { cliCommand } from './cli.ts';

export type ServiceKind = 'order' | 'inventory';

/** A service running as a child process, spawned exactly as `npm run service:<kind>` would. */
export interface ServiceProcess {
  kind: ServiceKind;
  port: number;
  url: string;
  pid: number;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited (immediately if it already has). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Every child spawned and not yet exited, ready or not, so cleanup never misses one. */
const children = new Set<ChildProcess>();

/** Unique per test: topics, groups and tables never collide across tests or runs. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${randomUUID().slice(0, 8)}`;
}

/**
 * `node --import tsx services/<kind>/main.ts --port 0 ...args`, resolved once the service prints
 * its ready line; rejected with its stderr if it exits first or takes longer than `readyTimeoutMs`.
 */
export function spawnService(kind: ServiceKind, args: string[], options: { env?: NodeJS.ProcessEnv; readyTimeoutMs?: number } = {}): Promise<ServiceProcess> {
  const [cmd, argv] = cliCommand(`services/${kind}/main.ts`, ['--port', '0', ...args]);
  return spawnReady(kind, cmd, argv, options);
}

/** Any command that prints the services' ready line (a Java replica too), tracked for killAllServices. */
export function spawnReady(
  kind: ServiceKind,
  cmd: string,
  argv: string[],
  options: { env?: NodeJS.ProcessEnv; readyTimeoutMs?: number; stdin?: 'ignore' | 'pipe' } = {},
): Promise<ServiceProcess> {
  const child = spawn(cmd, argv, { cwd: repoRoot, env: options.env ?? process.env, stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'] });
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

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${kind} service not ready within ${options.readyTimeoutMs ?? 60_000} ms; stderr:\n${stderr}`));
    }, options.readyTimeoutMs ?? 60_000);
    const onData = (): void => {
      const line = stdout.split('\n').find((l) => l.includes('"event":"ready"'));
      if (!line) return;
      child.stdout!.off('data', onData);
      clearTimeout(timer);
      const { port } = JSON.parse(line) as { port: number };
      const service: ServiceProcess = {
        kind,
        port,
        url: `http://127.0.0.1:${port}`,
        pid: child.pid!,
        child,
        stdout: () => stdout,
        stderr: () => stderr,
        exited,
        kill: (signal) => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      };
      resolve(service);
    };
    child.stdout!.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${kind} service exited (${code ?? signal}) before it was ready; stderr:\n${stderr}`));
    });
  });
}

/** For afterEach/afterAll: SIGKILL every service still running, whatever the test did. */
export async function killAllServices(): Promise<void> {
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

/** Parsed JSON as the tests read it (answers, journal lines): unchecked, so an assertion can pick out any field. */
// biome-ignore lint/suspicious/noExplicitAny: the one deliberate any: parsed JSON that assertions dig into field by field
export type Json = any;

export interface JsonResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export async function requestJson<T = Json>(
  url: string,
  init: { method?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<JsonResponse<T>> {
  const body = init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  const res = await fetch(url, {
    method: init.method ?? (body === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json', ...init.headers },
    body,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as T };
}

export const getJson = <T = Json>(url: string): Promise<T> =>
  requestJson<T>(url).then((r) => {
    if (r.status !== 200) throw new Error(`GET ${url} answered ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  });

/** Polls `probe` until it returns something other than undefined/false; fails with `what` on timeout. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 30_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Every line of an inventory journal, parsed (the file may be mid-write: a torn last line is dropped). */
export function readJournal(path: string): Array<Record<string, Json>> {
  const lines = readFileSync(path, 'utf8').split('\n');
  const parsed: Array<Record<string, Json>> = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      parsed.push(JSON.parse(line));
    } catch (err) {
      if (i < lines.length - 1 && lines.slice(i + 1).some((l) => l.trim() !== '')) throw err;
    }
  });
  return parsed;
}

/** POST /orders `count` times, `concurrency` at a time; returns the answers in order. */
export async function placeOrders(orderUrl: string, count: number, order = { productId: 1, qty: 1 }, concurrency = 10): Promise<Array<JsonResponse<Json>>> {
  const answers: Array<JsonResponse<Json>> = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        answers[i] = await requestJson(`${orderUrl}/orders`, { body: order });
      }
    }),
  );
  return answers;
}
