import type { CellResult } from '../../analysis/cell.ts';
import { num, type CsvValue } from './format.ts';

/**
 * faults.csv: one row per fault action (killBroker, stopBroker, startBroker, pauseBroker,
 * pauseReplica, killReplica, stopReplica). Times in seconds from the measurement's start; a
 * fault's window runs to the next fault or the end of the drain. Empty: not measured (the
 * redelivery columns: not a share group's member, or, for the delay, no record came back).
 */
export const FAULT_COLUMNS = [
  'cell',
  'repeat',
  'action',
  'at_s',
  'window_end_s',
  'target',
  'unavailable_from_s',
  'unavailable_s',
  'http_errors',
  'http_p99_ms',
  'http_max_ms',
  'leader_changes',
  'isr_shrinks',
  'isr_expands',
  'coordinator_moves',
  'rebalances',
  'consumer_pause_max_ms',
  'consumer_pause_partition',
  'orders_lost',
  'orders_duplicated',
  'probe_failures',
  // A share-group member killed or stopped: its records processed again by the others, and when the last was.
  'redelivered_records',
  'redelivery_delay_ms',
] as const;

export function faultRows(r: CellResult): CsvValue[][] {
  const origin = r.raw.times.measureFrom ?? 0;
  const s = (t: number | null) => (t === null ? '' : num((t - origin) / 1000));
  return r.faults.map((f) => [
    r.raw.cell.name,
    r.raw.repeat,
    f.action,
    s(f.at),
    s(f.windowEnd),
    f.target,
    s(f.unavailableFrom),
    num(f.unavailableMs === null ? null : f.unavailableMs / 1000),
    f.httpErrors,
    num(f.httpP99Ms),
    num(f.httpMaxMs),
    f.leaderChanges,
    f.isrShrinks,
    f.isrExpands,
    f.coordinatorMoves,
    f.rebalances,
    num(f.consumerPauseMaxMs, 0),
    f.consumerPausePartition ?? '',
    f.ordersLost ?? '',
    f.ordersDuplicated ?? '',
    f.probeFailures,
    f.redelivery?.records ?? '',
    num(f.redelivery?.delayMs ?? null, 0),
  ]);
}
