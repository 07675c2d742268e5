/**
 * Calls `read` every intervalMs until stopped, one call at a time (a slow broker answer delays
 * the next sample rather than piling requests up), and keeps every sample. A failed read is
 * counted, not fatal: a probe must not end a run because one request timed out.
 */
export interface Sampler<T> {
  samples: T[];
  failures: number;
  latest(): T | undefined;
  stop(): Promise<T[]>;
}

export function startSampler<T>(read: () => Promise<T>, intervalMs: number, onSample?: (s: T) => void): Sampler<T> {
  const samples: T[] = [];
  let failures = 0;
  let stopped = false;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      const started = Date.now();
      try {
        const sample = await read();
        samples.push(sample);
        onSample?.(sample);
      } catch {
        failures++;
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
