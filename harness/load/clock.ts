/**
 * One clock for the main thread and every worker: an (epoch ms, monotonic ns) pair captured
 * once in the main thread. process.hrtime is process-wide, so every thread that adds the
 * monotonic time elapsed since the pair to its epoch agrees to well under a millisecond, and
 * intended send times computed in different workers interleave as planned. Epoch times stay on
 * the Date.now() basis of plan.startAt.
 */
export interface ClockBase {
  epochMs: number;
  hrNs: bigint;
}

export function captureClock(): ClockBase {
  return { epochMs: Date.now(), hrNs: process.hrtime.bigint() };
}

export function epochClock(base: ClockBase): () => number {
  return () => base.epochMs + Number(process.hrtime.bigint() - base.hrNs) / 1e6;
}
