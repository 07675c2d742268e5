import type { ConsumerCell } from '../model/scenario.ts';

/** A cell's consumer settings as replica flags (every client takes them): timings only where the group type takes them from the client. */
export function consumerFlags(c: ConsumerCell): string[] {
  const flags = [
    '--group-protocol',
    c.groupProtocol,
    '--assignor',
    c.assignor,
    '--metadata-max-age-ms',
    String(c.metadataMaxAgeMs),
    '--partitions-concurrently',
    String(c.partitionsConsumedConcurrently),
  ];
  if (c.sessionTimeoutMs !== null) flags.push('--session-timeout-ms', String(c.sessionTimeoutMs));
  if (c.heartbeatIntervalMs !== null) flags.push('--heartbeat-interval-ms', String(c.heartbeatIntervalMs));
  if (c.staticMembership) flags.push('--static-membership');
  // Only where a scenario gave them: the clients that take them are checked before the run.
  if (c.maxPollRecords !== undefined) flags.push('--max-poll-records', String(c.maxPollRecords));
  if (c.shareAckMode !== undefined) flags.push('--share-ack-mode', c.shareAckMode);
  if (c.shareAcquireMode !== undefined) flags.push('--share-acquire-mode', c.shareAcquireMode);
  return flags;
}
