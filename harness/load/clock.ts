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

/**
 * performance.now() reads the same monotonic clock as process.hrtime without allocating a
 * BigInt per call (two per reading with hrtime.bigint(), and a load worker reads the clock
 * several times per request), so the pair is turned into an offset once per thread.
 */
export function epochClock(base: ClockBase): () => number {
  const offset = base.epochMs + Number(process.hrtime.bigint() - base.hrNs) / 1e6 - performance.now();
  return () => offset + performance.now();
}
