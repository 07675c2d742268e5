/**
 * The kinds of system a cell can measure, found by the scenario's `system.kind`: the project's own
 * services (managed) or a user's consumer group (external). What differs between them in one
 * cell's phases lives here, so the cell's phases stay one path: names, how the replicas start,
 * where the load goes.
 */
import type { Cell } from '../model/scenario.ts';
import type { SystemSpec } from '../model/system.ts';
import { externalKind } from './external/kind.ts';
import { managedKind } from './managed/kind.ts';
import type { SystemKind } from './types.ts';

const KINDS: { readonly [K in SystemSpec['kind']]: SystemKind<Extract<SystemSpec, { kind: K }>> } = { managed: managedKind, external: externalKind };

/** The cell's system spec (managed when the scenario has none) and its kind, bound together. */
export function systemOf(cell: Cell): { spec: SystemSpec; kind: SystemKind } {
  const spec: SystemSpec = cell.system ?? { kind: 'managed' };
  return { spec, kind: KINDS[spec.kind] as unknown as SystemKind };
}
