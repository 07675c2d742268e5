import path from 'node:path';
import { repoRoot } from '../paths.ts';
import type { ReplicaLaunch } from './types.ts';

/** The in-process clients run in the Node inventory service; --client picks the library. */
export function nodeReplica(client: string, flags: string[]): ReplicaLaunch {
  return { command: process.execPath, args: ['--import', 'tsx', path.join(repoRoot, 'services/inventory/main.ts'), '--client', client, ...flags] };
}
