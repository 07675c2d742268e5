import { stopBroker } from '../broker/index.ts';
import { clearLabState, isOurService, readLabState, type LabService, type LabState } from './state.ts';

export interface LabStopped {
  state: LabState;
  /** Services that had to be SIGKILLed after the grace period. */
  killed: string[];
  brokerStopped: boolean;
}

/**
 * Services first (the order service, then the replicas, each SIGTERM and waited for, so they
 * leave the group and close their connections while the broker still answers), then the broker
 * if `lab start` started it. Undefined when no lab was started from `dir`.
 */
export async function stopLab(dir: string, options: { graceMs?: number; log?: (line: string) => void } = {}): Promise<LabStopped | undefined> {
  const state = readLabState(dir);
  if (!state) return undefined;
  const log = options.log ?? (() => {});
  const killed: string[] = [];
  const order = state.services.filter((s) => s.kind === 'order');
  const replicas = state.services.filter((s) => s.kind !== 'order');
  for (const batch of [order, replicas]) {
    await Promise.all(
      batch.map(async (s) => {
        if (await terminate(s, options.graceMs ?? 20_000)) killed.push(s.name);
        log(`stopped ${s.name} (pid ${s.pid})`);
      }),
    );
  }
  let brokerStopped = false;
  if (state.brokerStartedIn) {
    brokerStopped = (await stopBroker(state.brokerStartedIn)) !== undefined;
    if (brokerStopped) log(`stopped the broker at ${state.bootstrapServers} (lab start had started it)`);
  }
  clearLabState(dir);
  return { state, killed, brokerStopped };
}

/** SIGTERM, wait for the exit, SIGKILL after graceMs; true when it took a SIGKILL. */
export async function terminate(service: Pick<LabService, 'pid' | 'kind' | 'argv'>, graceMs: number): Promise<boolean> {
  if (!isOurService(service)) return false;
  signal(service.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isOurService(service)) {
    if (Date.now() >= deadline) {
      signal(service.pid, 'SIGKILL');
      while (isOurService(service)) await sleep(50);
      return true;
    }
    await sleep(100);
  }
  return false;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
