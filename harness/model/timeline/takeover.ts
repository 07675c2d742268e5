/**
 * How long a run may wait, after a kill, for another member to own the killed replica's
 * partitions: the group's session timeout, then the survivors' next heartbeat and a rebalance,
 * for which a margin of 10 s (or a quarter of the timeout, if more) is allowed.
 */
const MARGIN_MS = 10_000;

export const takeoverWaitMs = (sessionTimeoutMs: number): number => sessionTimeoutMs + Math.max(MARGIN_MS, sessionTimeoutMs / 4);

/** What Kafka's Java client, and a KIP-848 broker, use when nothing says otherwise. */
export const DEFAULT_SESSION_TIMEOUT_MS = 45_000;
