import type { ChildProcess } from 'node:child_process';

/**
 * Stop, kill, pause and resume one child process of the system under test, the same way for
 * the project's services and a user's replicas. `stopSignals` says where SIGTERM/SIGKILL go: the
 * child alone (a service handles its own shutdown) or its whole process group (a launcher such
 * as `mvn spring-boot:run` must take the JVM it forked along). Pauses always stop the group.
 */
export interface ProcessControl {
  isRunning(): boolean;
  /** SIGTERM and wait (SIGKILL after graceMs). A paused process is continued first. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL and wait. */
  kill(): Promise<void>;
  /** SIGSTOP its process group (a GC pause); resume() sends SIGCONT. */
  pause(): void;
  resume(): void;
  isPaused(): boolean;
}

export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // gone
    }
  }
}

export function controlProcess(child: ChildProcess, exited: Promise<unknown>, isRunning: () => boolean, stopSignals: 'child' | 'group'): ProcessControl {
  let paused = false;
  const send = (signal: NodeJS.Signals) => (stopSignals === 'group' ? signalGroup(child, signal) : child.kill(signal));
  const resume = () => {
    if (!paused) return;
    paused = false;
    signalGroup(child, 'SIGCONT');
  };
  const signalAndWait = async (signal: NodeJS.Signals, graceMs: number) => {
    if (!isRunning()) return;
    send(signal);
    // A stopped process would only act on SIGTERM once continued.
    resume();
    const timer = setTimeout(() => send('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  return {
    isRunning,
    stop: (graceMs = 20_000) => signalAndWait('SIGTERM', graceMs),
    kill: () => signalAndWait('SIGKILL', 0),
    pause: () => {
      if (!isRunning()) return;
      paused = true;
      signalGroup(child, 'SIGSTOP');
    },
    resume,
    isPaused: () => paused,
  };
}
