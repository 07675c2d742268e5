import type { CellResult } from '../../analysis/cell.ts';
import { clientColumns, num, type CsvValue } from './format.ts';

/** deploys.csv: one row per restart step (restartReplica, each batch of a rollingRestart). Times in s from the measurement's start. */
export const DEPLOY_COLUMNS = [
  'cell',
  'repeat',
  'action',
  'step',
  'replicas',
  'started',
  'at_s',
  'down_ms',
  'ready_ms',
  'rebalances',
  'generations',
  'group_states',
  'partitions_moved',
  'pause_max_ms',
  'lag_max',
  'lag_max_seconds',
  'duplicates',
  'client',
  'group_protocol',
  'assignor',
  'static_membership',
] as const;

export function deployRows(r: CellResult): CsvValue[][] {
  const origin = r.raw.times.measureFrom ?? 0;
  const [client, protocol, assignor] = clientColumns(r);
  return (r.deploys?.steps ?? []).map((s) => {
    const { at, exitedAt, startedAt, readyAt, replicas, started } = s.step_;
    return [
      r.raw.cell.name,
      r.raw.repeat,
      s.action,
      s.step,
      replicas.join(' '),
      (started ?? []).join(' '),
      num((at - origin) / 1000),
      // In place: from SIGTERM until the new process was up; with a surge, until the old ones had exited.
      startedAt !== undefined && started === undefined ? startedAt - at : exitedAt !== undefined ? exitedAt - at : '',
      readyAt === null ? '' : readyAt - at,
      s.rebalances,
      s.generations,
      s.groupStates,
      s.partitionsMoved,
      num(s.pauseMaxMs),
      s.lagMax ?? '',
      num(s.lagMaxSeconds),
      s.duplicates,
      client,
      protocol,
      assignor,
      r.raw.cell.topology.consumer.staticMembership === true,
    ];
  });
}
