import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../harness/scenario/validate.ts';
import { TIMELINE_ACTIONS, specOf, describeAction, describeEvent, timelineEventSchema } from '../../harness/model/timeline/index.ts';

const parse = (v: unknown) => timelineEventSchema.safeParse(v);

describe('timeline actions: one registry, each action its schema and description', () => {
  it('lists every action by name, each found in the registry', () => {
    expect(TIMELINE_ACTIONS).toEqual(expect.arrayContaining(['alterPartitions', 'addReplica', 'stopReplica', 'killReplica']));
    for (const name of TIMELINE_ACTIONS) expect(specOf({ at: 0, action: name } as never).name).toBe(name);
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

describe('fault actions', () => {
  it.each(['killBroker', 'stopBroker'] as const)('%s: a node id or a role; described with the node it resolved to', (action) => {
    for (const node of [1, 'leader', 'coordinator', 'controller']) expect(parse({ at: 1, action, node }).success).toBe(true);
    expect(parse({ at: 1, action, node: 0 }).success).toBe(false);
    expect(parse({ at: 1, action, node: 'last' }).success).toBe(false);
    expect(describeEvent({ at: 1, action, node: 'leader' })).toBe(`${action}(leader)`);
    expect(describeAction({ event: { at: 1, action, node: 'leader' }, node: 2 })).toBe(`${action}(leader=2)`);
    expect(describeAction({ event: { at: 1, action, node: 3 }, node: 3 })).toBe(`${action}(3)`);
    expect(specOf({ at: 1, action, node: 1 }).touchesBrokers).toBe(true);
  });

  it('startBroker: a node id or last, never a role (a node that is down leads nothing)', () => {
    expect(parse({ at: 1, action: 'startBroker', node: 'last' }).success).toBe(true);
    expect(parse({ at: 1, action: 'startBroker', node: 2 }).success).toBe(true);
    expect(parse({ at: 1, action: 'startBroker', node: 'leader' }).success).toBe(false);
    expect(describeEvent({ at: 1, action: 'startBroker', node: 'last' })).toBe('startBroker(last)');
    expect(describeAction({ event: { at: 1, action: 'startBroker', node: 'last' }, node: 2 })).toBe('startBroker(last=2)');
  });

  it('pauseBroker and pauseReplica: a positive forS', () => {
    expect(parse({ at: 1, action: 'pauseBroker', node: 'coordinator', forS: 5 }).success).toBe(true);
    expect(parse({ at: 1, action: 'pauseBroker', node: 'coordinator' }).success).toBe(false);
    expect(parse({ at: 1, action: 'pauseReplica', replica: 0, forS: 0 }).success).toBe(false);
    expect(describeAction({ event: { at: 1, action: 'pauseBroker', node: 'coordinator', forS: 5 }, node: 1 })).toBe('pauseBroker(coordinator=1, 5s)');
    expect(describeAction({ event: { at: 1, action: 'pauseReplica', replica: 0, forS: 12 }, replica: 'inventory-0' })).toBe('pauseReplica(inventory-0, 12s)');
    expect(specOf({ at: 1, action: 'pauseReplica', replica: 0, forS: 1 }).touchesBrokers).toBeFalsy();
    expect(specOf({ at: 1, action: 'pauseReplica', replica: 0, forS: 1 }).fault).toBe(true);
  });
});

describe('fault actions in a scenario: cross-field rules', () => {
  const base = (timeline: unknown[], nodes = 3) => ({
    cluster: { nodes },
    topology: { partitions: 1, replicas: 2 },
    load: { rate: 10, durationS: 60 },
    timeline,
  });
  const problems = (raw: unknown) => {
    const r = validateScenario(raw, 'f.yaml');
    return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
  };

  it('accepts the shipped kill, start last, pause coordinator sequence', () => {
    expect(
      problems(
        base([
          { at: 15, action: 'killBroker', node: 'leader' },
          { at: 30, action: 'startBroker', node: 'last' },
          { at: 45, action: 'pauseBroker', node: 'coordinator', forS: 5 },
        ]),
      ),
    ).toEqual([]);
  });

  it('refuses a node outside the cluster, start last with nothing down, a node killed twice', () => {
    expect(
      problems(
        base([
          { at: 1, action: 'startBroker', node: 'last' },
          { at: 2, action: 'killBroker', node: 4 },
          { at: 3, action: 'stopBroker', node: 2 },
          { at: 4, action: 'killBroker', node: 2 },
        ]),
      ),
    ).toEqual([
      'timeline[0].node: expected a killBroker or stopBroker before it (at 1 s no node is down for last to name), got "last"',
      'timeline[1].node: expected a node of the cluster, 1..3 (cluster.nodes), got 4',
      'timeline[3].node: expected a node that is up at 4 s (node 2 was taken down before and not started again), got 2',
    ]);
  });

  it('pauseReplica names a running replica; cluster.nodes is 1..9', () => {
    expect(problems(base([{ at: 1, action: 'pauseReplica', replica: 2, forS: 5 }]))).toEqual([
      'timeline[0].replica: expected the index of a running replica (at 1 s, running: 0, 1), got 2',
    ]);
    expect(problems(base([], 10))[0]).toMatch(/^cluster\.nodes: expected an integer from 1 to 9/);
  });
});

describe('load actions: setRate and rampRate', () => {
  const problems = (timeline: unknown[], rate: unknown = 100) => {
    const r = validateScenario({ topology: { partitions: 1, replicas: 1 }, load: { rate, durationS: 40 }, timeline }, 's.yaml');
    return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
  };

  it('a rate or a factor of load.rate; described as the dry run and the CSV files name them', () => {
    expect(parse({ at: 10, action: 'setRate', rate: 200 }).success).toBe(true);
    expect(parse({ at: 10, action: 'setRate', factor: 2 }).success).toBe(true);
    expect(parse({ at: 10, action: 'rampRate', rate: 200, overS: 5 }).success).toBe(true);
    expect(describeEvent({ at: 30, action: 'setRate', rate: 200 })).toBe('setRate(200)');
    expect(describeEvent({ at: 30, action: 'setRate', factor: 2 })).toBe('setRate(x2)');
    expect(describeEvent({ at: 30, action: 'rampRate', rate: 50, overS: 10 })).toBe('rampRate(50, 10s)');
    expect(specOf({ at: 30, action: 'setRate', rate: 200 }).changesLoad).toBe(true);
    expect(specOf({ at: 30, action: 'setRate', rate: 200 }).fault).toBeFalsy();
  });

  it('every problem at once, each naming its field: a rate not positive, no rate, both, a ramp past the measurement', () => {
    expect(
      problems([
        { at: 5, action: 'setRate', rate: 0 },
        { at: 10, action: 'setRate', factor: -1 },
        { at: 15, action: 'setRate' },
        { at: 20, action: 'setRate', rate: 200, factor: 2 },
        { at: 30, action: 'rampRate', rate: 50, overS: 15 },
        { at: 35, action: 'rampRate', rate: 50 },
      ]),
    ).toEqual([
      'timeline[0].rate: expected a positive number of orders/s, got 0',
      'timeline[1].factor: expected a positive factor of load.rate (2 doubles it), got -1',
      'timeline[2].rate: expected rate (orders/s) or factor (of load.rate), got neither',
      'timeline[3].factor: expected either rate or factor, not both (rate 200 is already given), got 2',
      'timeline[5].overS: expected a positive number of seconds, got nothing',
      'timeline[4].overS: expected at most 10, so that the ramp ends within the measurement (at 30 s, load.durationS 40), got 15',
    ]);
  });

  it('no rate change inside a ramp; a step past what one machine offers names its field (a factor at the highest swept rate)', () => {
    expect(
      problems([
        { at: 10, action: 'rampRate', factor: 3, overS: 10 },
        { at: 15, action: 'setRate', rate: 100 },
      ]),
    ).toEqual(['timeline[1].at: expected at least 20, when the rampRate at 10 s ends (a rate change during a ramp would cut it short), got 15']);
    expect(problems([{ at: 10, action: 'setRate', factor: 600 }], [10, 100])).toEqual([
      expect.stringMatching(
        /^timeline\[0\]\.factor: expected at most 500: 600 × the highest load.rate is 60,000 orders\/s, over 50,000 on one machine .*KSB_MAX_RATE.*, got 600$/,
      ),
    ]);
    expect(problems([{ at: 10, action: 'setRate', rate: 60_000 }])).toEqual([expect.stringMatching(/^timeline\[0\]\.rate: expected at most 50,000 orders\/s/)]);
  });
});
