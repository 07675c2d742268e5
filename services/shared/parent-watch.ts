import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * A service started by hand (`npm run service:order -- ... &`) runs as npm → sh -c → tsx → node.
 * Killing the npm process (what a script without job control does) leaves tsx and the service
 * running under PID 1, still holding its port. So a service watches the processes that launched
 * it — the wrappers (sh -c, tsx) up to and including the first process that is not one (npm, the
 * harness, a test runner, a shell) — and shuts down, as on SIGTERM, once any of them is gone.
 *
 * `KSB_OUTLIVE_PARENT=1` turns this off: `npm run lab -- start` exits on purpose after starting
 * the services, and `npm run lab -- stop` stops them.
 */
export function watchLaunchers(onGone: (pid: number) => void, env: NodeJS.ProcessEnv = process.env, everyMs = 1000): (() => void) | undefined {
  if (env.KSB_OUTLIVE_PARENT === '1') return undefined;
  const ppid = process.ppid;
  const watched = launchers(ppid);
  const timer = setInterval(() => {
    const gone = process.ppid !== ppid ? ppid : watched.find((pid) => !alive(pid));
    if (gone !== undefined) {
      clearInterval(timer);
      onGone(gone);
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** The parent, and its ancestors while the one below is only a wrapper. */
export function launchers(ppid: number, maxDepth = 5): number[] {
  const chain: number[] = [];
  let pid: number | undefined = ppid;
  while (pid !== undefined && pid > 1 && chain.length < maxDepth) {
    chain.push(pid);
    const info = processInfo(pid);
    if (!info || !isWrapper(info.args)) break;
    pid = info.ppid;
  }
  return chain;
}

/** sh -c '...' and tsx's own CLI only pass the service through; npm is what a person started. */
export function isWrapper(args: readonly string[]): boolean {
  const exe = (args[0] ?? '').split('/').pop() ?? '';
  if (['sh', 'bash', 'dash', 'zsh'].includes(exe) && args[1] === '-c') return true;
  return args.some((a) => /(^|\/)(\.bin\/tsx|tsx\/dist\/cli\.[cm]?js)$/.test(a));
}

function processInfo(pid: number): { ppid: number; args: string[] } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return { ppid, args };
  } catch {
    // No /proc (macOS): ps knows the same.
    try {
      const out = execFileSync('ps', ['-o', 'ppid=,command=', '-p', String(pid)], { encoding: 'utf8' }).trim();
      const [ppid, ...args] = out.split(/\s+/);
      return { ppid: Number(ppid), args };
    } catch {
      return undefined;
    }
  }
}

/** A zombie (exited, not yet reaped by its parent) counts as gone. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return true;
  }
}
