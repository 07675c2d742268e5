/**
 * The kinds of system a cell can measure, found by the scenario's `system.kind`: the project's own
 * services (managed) or a user's consumer group (external). What differs between them in one
 * cell's phases lives here, so the cell's phases stay one path: names, how the replicas start,
 * where the load goes.
 */
import type { WatchedGroup } from '../groups/open.ts';
import type { LoadPlanInput } from '../load/plan.ts';
import type { Cell } from '../model/scenario.ts';
import type { SystemSpec } from '../model/system.ts';
import { externalKind } from './external/kind.ts';
import { managedKind } from './managed/kind.ts';
import type { SystemUnderTest } from './types.ts';

export interface CellNames {
  topic: string;
  groupId: string;
  /** The run creates the topic, so it deletes it at the end; a topic that was there is never deleted. */
  ownsTopic: boolean;
}

export interface SystemStart {
  brokers: string;
  topic: string;
  groupId: string;
  /** Where logs and journals go (the cell's raw folder). */
  dir: string;
  group: WatchedGroup;
  signal: AbortSignal;
}

export interface SystemKind<S extends SystemSpec = SystemSpec> {
  readonly kind: S['kind'];
  names(cell: Cell, spec: S, runId: string, repeat: number): CellNames;
  /** The kind of group to read: what the system's replicas are configured with. */
  groupType(cell: Cell, spec: S): string;
  start(cell: Cell, spec: S, o: SystemStart): Promise<SystemUnderTest>;
  /** The load's target: the order service, the system's order URL, or the topic itself. */
  loadTarget(cell: Cell, spec: S, system: SystemUnderTest, brokers: string[], topic: string): Pick<LoadPlanInput, 'url' | 'body' | 'kafka'>;
}

const KINDS: { readonly [K in SystemSpec['kind']]: SystemKind<Extract<SystemSpec, { kind: K }>> } = { managed: managedKind, external: externalKind };

/** The cell's system spec (managed when the scenario has none) and its kind, bound together. */
export function systemOf(cell: Cell): { spec: SystemSpec; kind: SystemKind } {
  const spec: SystemSpec = cell.system ?? { kind: 'managed' };
  return { spec, kind: KINDS[spec.kind] as unknown as SystemKind };
}
