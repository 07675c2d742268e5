import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { HarnessError } from '../model/errors.ts';
import { repoRoot } from '../paths.ts';
import { controlProcess, type ProcessControl } from './process-control.ts';

/**
 * A service of the system under test as a child process: `node --import tsx services/<x>/main.ts`,
 * in its own process group (so a terminal's Ctrl-C reaches the harness, which stops services in
 * order), stderr kept in a log file, ready when it prints its JSON ready line.
 */
export interface ServiceProcess extends ProcessControl {
  name: string;
  pid: number;
  port: number;
  url: string;
  logFile: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const live = new Set<ChildProcess>();

/** Last resort on exit: no service outlives the harness, whatever path led out. */
process.once('exit', () => {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // gone
    }
  }
});

export async function startService(options: {
  name: string;
  /** A service of this repository (`services/<x>/main.ts`, run with tsx), or any command. */
  main?: string;
  command?: string;
  args: string[];
  logFile: string;
  env?: NodeJS.ProcessEnv;
  readyTimeoutMs?: number;
}): Promise<ServiceProcess> {
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const [command, argv] =
    options.command !== undefined
      ? [options.command, options.args]
      : [process.execPath, ['--import', 'tsx', path.join(repoRoot, options.main ?? ''), ...options.args]];
  const child = spawn(command, argv, {
    cwd: repoRoot,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  live.add(child);
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      running = false;
      live.delete(child);
      resolve({ code, signal });
    });
  });
  child.stderr!.pipe(log);

  const port = await new Promise<number>((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => fail(`did not report ready within ${(options.readyTimeoutMs ?? 30_000) / 1000} s`), options.readyTimeoutMs ?? 30_000);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new HarnessError('SERVICE_START_FAILED', `${options.name} ${why}; see ${options.logFile}`));
    };
    child.stdout!.on('data', (d: Buffer) => {
      buffer += d.toString();
      for (const line of buffer.split('\n').slice(0, -1)) {
        try {
          const msg = JSON.parse(line) as { event?: string; port?: number };
          if (msg.event === 'ready' && typeof msg.port === 'number') {
            clearTimeout(timer);
            resolve(msg.port);
          }
        } catch {
          // not the ready line
        }
      }
      buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
    });
    void exited.then(({ code, signal }) => fail(`exited (${code ?? signal}) before it was ready`));
  });

  return {
    name: options.name,
    pid: child.pid!,
    port,
    url: `http://127.0.0.1:${port}`,
    logFile: options.logFile,
    exited: exited,
    ...controlProcess(child, exited, () => running, 'child'),
  };
}

export async function getJson<T>(url: string, timeoutMs = 3000): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

export async function postJson(url: string, body: unknown, timeoutMs = 3000): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  await response.arrayBuffer();
  return response.status;
}
