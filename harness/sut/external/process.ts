import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { HarnessError } from '../../model/errors.ts';
import { repoRoot } from '../../paths.ts';
import { controlProcess, signalGroup } from '../process-control.ts';
import type { ServiceProcess } from '../service-process.ts';

/**
 * A replica of the user's own as a child process: any argv, no shell, in its own process group
 * (a launcher such as `mvn spring-boot:run` forks the JVM it runs; signals go to the whole
 * group, so stopping the launcher stops the replica), stdout and stderr in its log file. It has
 * no ready line: it is started once spawned, and the caller decides when it counts as joined.
 */
const live = new Set<ChildProcess>();

process.once('exit', () => {
  for (const child of live) signalGroup(child, 'SIGKILL');
});

export interface CommandProcess extends ServiceProcess {
  /** Resolves with the exit, rejects never; `spawnError` is set when the program could not be run. */
  spawnError(): Error | undefined;
}

export async function startCommand(options: { name: string; argv: readonly string[]; logFile: string; port: number; field: string }): Promise<CommandProcess> {
  const [program, ...args] = options.argv;
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child = spawn(program!, args, { cwd: repoRoot, env: process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let spawnError: Error | undefined;
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('error', (err) => {
      spawnError = err;
      running = false;
      live.delete(child);
      resolve({ code: null, signal: null });
    });
    child.once('exit', (code, signal) => {
      running = false;
      live.delete(child);
      resolve({ code, signal });
    });
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  // A program that is not there fails on the spawn itself, in the same turn or the next.
  await new Promise<void>((resolve) => {
    child.once('spawn', () => resolve());
    void exited.then(() => resolve());
  });
  if (spawnError) {
    const code = (spawnError as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'command not found' : code === 'EACCES' ? 'not executable' : spawnError.message;
    throw new HarnessError('SERVICE_START_FAILED', `${options.field}[0]: ${why}: ${JSON.stringify(program)} (${options.name})`, {
      hint: 'give the program as the first item of the argv list: a path, or a name on PATH (there is no shell)',
      cause: spawnError,
    });
  }
  live.add(child);

  return {
    name: options.name,
    pid: child.pid!,
    port: options.port,
    url: `http://127.0.0.1:${options.port}`,
    logFile: options.logFile,
    exited,
    ...controlProcess(child, exited, () => running, 'group'),
    spawnError: () => spawnError,
  };
}
