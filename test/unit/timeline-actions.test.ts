import { describe, expect, it } from 'vitest';
import { TIMELINE_ACTIONS, actionOf, describeAction, describeEvent, timelineEventSchema } from '../../harness/run/actions/index.ts';

const parse = (v: unknown) => timelineEventSchema.safeParse(v);

describe('timeline actions: one registry, each action its schema and description', () => {
  it('lists every action by name, each found in the registry', () => {
    expect(TIMELINE_ACTIONS).toEqual(expect.arrayContaining(['alterPartitions', 'addReplica', 'stopReplica', 'killReplica']));
    for (const name of TIMELINE_ACTIONS) expect(actionOf({ at: 0, action: name } as never).name).toBe(name);
  });

  it('alterPartitions: a positive partition count; described with it', () => {
    expect(parse({ at: 1, action: 'alterPartitions', partitions: 2 }).success).toBe(true);
    expect(parse({ at: 1, action: 'alterPartitions', partitions: 0 }).success).toBe(false);
    expect(parse({ at: 1, action: 'alterPartitions' }).success).toBe(false);
    expect(describeEvent({ at: 1, action: 'alterPartitions', partitions: 2 })).toBe('alterPartitions(2)');
  });

  it('addReplica: no fields; planned it has no name, run it names the replica it started', () => {
    expect(parse({ at: 1, action: 'addReplica' }).success).toBe(true);
    expect(parse({ at: 1, action: 'addReplica', replica: 1 }).success).toBe(false);
    expect(describeEvent({ at: 1, action: 'addReplica' })).toBe('addReplica');
    expect(describeAction({ event: { at: 1, action: 'addReplica' }, replica: 'inventory-2' })).toBe('addReplica(inventory-2)');
  });

  it.each(['stopReplica', 'killReplica'] as const)('%s: a replica index; described by the replica it ended', (action) => {
    expect(parse({ at: 1, action, replica: 0 }).success).toBe(true);
    expect(parse({ at: 1, action, replica: -1 }).success).toBe(false);
    expect(describeEvent({ at: 1, action, replica: 1 })).toBe(`${action}(1)`);
    expect(describeAction({ event: { at: 1, action, replica: 1 }, replica: 'inventory-1' })).toBe(`${action}(inventory-1)`);
  });

  it('an unknown action names the ones there are', () => {
    const r = parse({ at: 1, action: 'explode' });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('alterPartitions');
  });
});
