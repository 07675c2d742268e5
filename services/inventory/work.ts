import { setTimeout as sleep } from 'node:timers/promises';
import type { WorkMode } from './options.ts';

/**
 * The per-order processing cost a scenario sets. `sleep` stands for I/O (a database or HTTP
 * call): the event loop stays free, so partitions processed concurrently overlap and replicas
 * on one machine do not compete for CPU; the scenarios use it so that what scales is the
 * consumer group, not the host's cores. `busy` burns CPU for the whole time, to show a
 * CPU-bound consumer. Sleep has the timer's 1 ms granularity; busy honours fractions.
 */
export function createWork(ms: number, mode: WorkMode): () => Promise<void> | void {
  if (ms <= 0) return () => undefined;
  if (mode === 'sleep') return () => sleep(ms).then(() => undefined);
  return () => {
    const end = performance.now() + ms;
    while (performance.now() < end) {
      // spin: this replica's event loop is busy for the whole time, on purpose
    }
  };
}
