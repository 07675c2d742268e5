import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../paths.ts';

/**
 * What `lab start` left running, on disk, so that `lab status|stop` in another process find the
 * services (and the broker, when the lab started it) and only those.
 */
export interface LabState {
  startedAt: string;
  bootstrapServers: string;
  /** Set when `lab start` started the broker: `lab stop` stops it too. */
  brokerStartedIn?: string;
  topic: string;
  groupId: string;
  client: string;
  /** The kind of group the replicas joined: `--group-protocol`, else the client's lab group type (harness/clients/<name>/descriptor.ts). */
  groupProtocol: string;
  services: LabService[];
}

export interface LabService {
  name: string;
  kind: 'order' | 'inventory';
  pid: number;
  port: number;
  url: string;
  logFile: string;
  /** The command line it was started with (a Node service, or a JVM for a java replica); absent in a lab.json written before. */
  argv?: string[];
}

export const LAB_DEFAULTS = {
  stateDir: path.join(repoRoot, '.lab'),
  topic: 'labshoppubsub',
  groupId: 'inventory',
  firstPort: 8081,
  replicas: 2,
  partitions: 1,
  client: 'kafkajs',
  /** The lab's "wait 2~3 minutes" is kafkajs's 300000 ms default; 5 s shows the same in seconds. */
  metadataMaxAgeMs: 5000,
} as const;

export const labStateFile = (dir: string) => path.join(dir, 'lab.json');

export function readLabState(dir: string): LabState | undefined {
  const file = labStateFile(dir);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LabState;
  } catch {
    return undefined;
  }
}

export function writeLabState(dir: string, state: LabState): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(labStateFile(dir), `${JSON.stringify(state, null, 2)}\n`);
}

export function clearLabState(dir: string): void {
  rmSync(labStateFile(dir), { force: true });
}

/**
 * A recorded pid is still our service only while it is alive (not a zombie) and its command line
 * is the one it was started with (before that was recorded: names the service's main file):
 * after a reboot the number may belong to something else.
 */
export function isOurService(service: Pick<LabService, 'pid' | 'kind' | 'argv'>): boolean {
  try {
    process.kill(service.pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${service.pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (state === 'Z' || state === 'X') return false;
    const cmdline = readFileSync(`/proc/${service.pid}/cmdline`, 'utf8');
    return service.argv ? cmdline === `${service.argv.join('\0')}\0` : cmdline.includes(`services/${service.kind}/main.ts`);
  } catch {
    // No /proc (macOS): a live pid we recorded is the best evidence there is.
    return true;
  }
}
