import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../harness/paths.ts';

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The command line `npm run <script>` runs, without npm in between (its signal handling differs). */
export function cliCommand(script: string, args: string[]): [string, string[]] {
  return [process.execPath, ['--import', 'tsx', path.join(repoRoot, script), ...args]];
}

export function spawnCli(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const [cmd, argv] = cliCommand(script, args);
  return spawn(cmd, argv, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function runCli(script: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(script, args, options.env);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
