/**
 * The consumer-client seam, harness side: how one inventory replica of a client starts. Every
 * client takes the same flags (services/inventory/options.ts) and writes the same journal
 * (harness/model/journal.ts), so the orchestrator never knows which one it runs.
 */
import path from 'node:path';
import { repoRoot } from '../../paths.ts';
import type { ConsumerCell } from '../../model/scenario.ts';
import type { ConsumerClientName } from './capabilities.ts';

export interface ReplicaLaunch {
  command: string;
  args: string[];
}

/** The command that starts one replica with these flags. */
export async function replicaLaunch(client: ConsumerClientName, flags: string[]): Promise<ReplicaLaunch> {
  if (client === 'java') {
    const { javaReplicaCommand } = await import('./java.ts');
    return javaReplicaCommand(flags);
  }
  // kafkajs and @platformatic/kafka run in the Node service; --client picks the library.
  return { command: process.execPath, args: ['--import', 'tsx', path.join(repoRoot, 'services/inventory/main.ts'), '--client', client, ...flags] };
}

/** A cell's consumer settings as replica flags: the classic timings only where the protocol takes them. */
export function consumerFlags(c: ConsumerCell): string[] {
  const flags = [
    '--group-protocol', c.groupProtocol,
    '--assignor', c.assignor,
    '--metadata-max-age-ms', String(c.metadataMaxAgeMs),
    '--partitions-concurrently', String(c.partitionsConsumedConcurrently),
  ];
  if (c.sessionTimeoutMs !== null) flags.push('--session-timeout-ms', String(c.sessionTimeoutMs));
  if (c.heartbeatIntervalMs !== null) flags.push('--heartbeat-interval-ms', String(c.heartbeatIntervalMs));
  return flags;
}
