/**
 * Calls `read` every intervalMs until stopped, one call at a time (a slow broker answer delays
 * the next sample rather than piling requests up), and keeps every sample. A failed read is
 * counted, not fatal: a probe must not end a run because one request timed out.
 */
/** A read against a hung broker would otherwise wait for the client's own timeout (30 s). */
const DEFAULT_TIMEOUT_MS = 3_000;

export interface Sampler<T> {
  samples: T[];
  failures: number;
  /** When each failed or timed-out read started (epoch ms): a dead or hung broker shows as a gap, never as a sample. */
  failedAt: number[];
  latest(): T | undefined;
  stop(): Promise<T[]>;
}

export function startSampler<T>(read: () => Promise<T>, intervalMs: number, onSample?: (s: T) => void, timeoutMs = DEFAULT_TIMEOUT_MS): Sampler<T> {
  const samples: T[] = [];
  const failedAt: number[] = [];
  let failures = 0;
  let stopped = false;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      const started = Date.now();
      try {
        const sample = await withTimeout(read(), timeoutMs);
        samples.push(sample);
        onSample?.(sample);
      } catch {
        failures++;
        failedAt.push(started);
      }
      const wait = Math.max(0, intervalMs - (Date.now() - started));
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, wait);
      });
    }
  })();
  return {
    samples,
    failedAt,
    get failures() {
      return failures;
    },
    latest: () => samples.at(-1),
    async stop() {
      stopped = true;
      wake?.();
      await loop;
      return samples;
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  // The abandoned read may still fail later: nobody waits for it, so its rejection is swallowed.
  promise.catch(() => undefined);
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
