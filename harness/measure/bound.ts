import type { HistogramSnapshot } from '../model/load.ts';

/** Send delay p99 above this (ms) means the generator, not the system, set the cell's latency. */
export const DEFAULT_MAX_SEND_DELAY_P99_MS = 5;

/**
 * Whether a cell was generator-bound: its requests left more than `limitMs` late at the 99th
 * percentile (pacing or waiting for a free connection), so its latency and achieved rate
 * describe the load generator rather than the system under test. Undefined without a load.
 */
export function isGeneratorBound(
  load: { sendDelay: Pick<HistogramSnapshot, 'p99Ms' | 'count'> } | undefined,
  limitMs: number = DEFAULT_MAX_SEND_DELAY_P99_MS,
): boolean | undefined {
  if (!load || load.sendDelay.count === 0) return undefined;
  return load.sendDelay.p99Ms > limitMs;
}

/** The scenario's limit for a cell's load (`load.maxSendDelayP99Ms`), the default when it has none. */
export function sendDelayLimitMs(load: object): number {
  const limit = (load as { maxSendDelayP99Ms?: unknown }).maxSendDelayP99Ms;
  return typeof limit === 'number' && limit > 0 ? limit : DEFAULT_MAX_SEND_DELAY_P99_MS;
}
