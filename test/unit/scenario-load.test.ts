import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HarnessError } from '../../harness/model/errors.ts';
import { expand } from '../../harness/scenario/expand.ts';
import { scenarioNotes } from '../../harness/scenario/notes.ts';
import { estimateRunSeconds, formatCells } from '../../harness/scenario/format.ts';
import { scenarioHash } from '../../harness/scenario/hash.ts';
import { SCENARIOS_DIR, listScenarios, loadScenario, readScenarioFile, resolveScenarioFile } from '../../harness/scenario/load.ts';
import { formatIssue } from '../../harness/scenario/issues.ts';
import { assertValidScenario } from '../../harness/scenario/validate.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/scenarios/', import.meta.url));

function thrown(fn: () => unknown): HarnessError {
  try {
    fn();
  } catch (error) {
    if (error instanceof HarnessError) return error;
    throw error;
  }
  throw new Error('expected a HarnessError');
}

describe('shipped scenarios', () => {
  const files = readdirSync(SCENARIOS_DIR).filter((f) => /\.(ya?ml|json)$/.test(f));

  it.each(files)('%s validates', (file) => {
    const result = readScenarioFile(path.join(SCENARIOS_DIR, file));
    expect(result.ok ? [] : result.issues.map(formatIssue)).toEqual([]);
  });

  it('are the ones the harness documents, each with a description for --list and healthy figures for --explain', () => {
    const list = listScenarios();
    expect(list.map((s) => s.name)).toEqual(
      expect.arrayContaining([
        'assignment-interval',
        'broker-failover',
        'consumer-stall',
        'protocols',
        'scale-in',
        'scale-out',
        'smoke',
        'spring-boot',
        'sweep',
      ]),
    );
    for (const s of list) {
      expect(s.valid).toBe(true);
      expect(s.description).not.toBe('');
      expect(scenarioNotes(s.file).length, s.name).toBeGreaterThan(0);
      expect(path.resolve(s.file)).toBe(path.join(SCENARIOS_DIR, `${s.name}.yaml`));
    }
  });

  it('scale-out reproduces the lab: one partition for two replicas, altered to two mid-run', () => {
    const [cell, ...rest] = expand(loadScenario('scale-out'));
    expect(rest).toEqual([]);
    expect(cell?.topology).toMatchObject({ partitions: 1, replicas: 2, store: 'memory' });
    expect(cell?.timeline).toEqual([{ at: 15, action: 'alterPartitions', partitions: 2 }]);
    // Both clients must notice the new partition well before the measurement ends.
    expect(cell?.topology.consumer.metadataMaxAgeMs).toBeLessThanOrEqual(5000);
    expect(cell?.topology.producer.metadataMaxAgeMs).toBeLessThanOrEqual(5000);
  });

  it('sweep is 16 short cells in which one consumer cannot absorb the rate', () => {
    const cells = expand(loadScenario('sweep'));
    expect(cells).toHaveLength(16);
    expect(cells[0]?.name).toBe('p1-r1-rate150');
    expect(cells.at(-1)?.name).toBe('p8-r8-rate150');
    for (const cell of cells) {
      expect(1000 / cell.topology.work.perMessageMs).toBeLessThan(cell.load.rate);
      expect(estimateRunSeconds(cell)).toBeLessThanOrEqual(30);
    }
  });

  it('broker-failover and consumer-stall run on three nodes, their faults inside the measurement', () => {
    const [failover] = expand(loadScenario('broker-failover'));
    expect(failover?.cluster).toEqual({ nodes: 3 });
    expect(failover?.timeline.map((e) => e.action)).toEqual(['killBroker', 'startBroker', 'pauseBroker']);
    const [stall] = expand(loadScenario('consumer-stall'));
    expect(stall?.cluster).toEqual({ nodes: 3 });
    const pause = stall?.timeline[0];
    // The stall must outlast the session, or the group never notices it.
    expect(pause?.action === 'pauseReplica' && pause.forS * 1000).toBeGreaterThan(stall!.topology.consumer.sessionTimeoutMs!);
  });

  it('scale-in stops one replica cleanly and kills another', () => {
    const actions = loadScenario('scale-in').timeline.map((e) => e.action);
    expect(actions).toEqual(['stopReplica', 'killReplica']);
  });

  it('smoke runs in under 30 s', () => {
    const [cell] = expand(loadScenario('smoke'));
    expect(cell?.name).toBe('p2-r2-rate50');
    expect(cell && estimateRunSeconds(cell)).toBeLessThan(30);
  });
});

describe('loadScenario', () => {
  it('finds a bare name in scenarios/ of the repository, not of the working directory', () => {
    expect(SCENARIOS_DIR).toBe(path.join(REPO, 'scenarios'));
    expect(resolveScenarioFile('smoke')).toBe(path.join(SCENARIOS_DIR, 'smoke.yaml'));
  });

  it('uses a path as it is', () => {
    const file = path.join(FIXTURES, 'wrong-type.yaml');
    expect(resolveScenarioFile(file)).toBe(file);
    expect(resolveScenarioFile(path.relative(process.cwd(), file))).toBe(file);
  });

  it('lists the shipped names when a name is unknown', () => {
    const error = thrown(() => loadScenario('scale-up'));
    expect(error.code).toBe('SCENARIO_NOT_FOUND');
    expect(error.message).toMatch(
      /^no scenario named "scale-up" in .*scenarios\/; scenarios available: assignment-interval, broker-failover, consumer-stall, .*protocols, rolling-deploy, scale-in, scale-out, share-acquire, share-groups, smoke, spring-boot, sweep$/,
    );
  });

  it('says SCENARIO_NOT_FOUND for a path that does not exist', () => {
    const error = thrown(() => loadScenario('./no/such/file.yaml'));
    expect(error.code).toBe('SCENARIO_NOT_FOUND');
    expect(error.message).toContain('no scenario file at no/such/file.yaml');
  });

  it('looks bare names up in another directory when asked', () => {
    const error = thrown(() => loadScenario('wrong-type', { dir: FIXTURES }));
    expect(error.code).toBe('SCENARIO_INVALID');
  });

  it('lists a broken file as invalid rather than failing --list', () => {
    const list = listScenarios(FIXTURES);
    expect(list.find((s) => s.name === 'yaml-syntax')).toMatchObject({ valid: false, description: '' });
  });
});

describe('scenarioHash', () => {
  const raw = { topology: { partitions: [1, 2], replicas: 2 }, load: { rate: 10, durationS: 5 } };

  it('depends on the resolved values, not on key order or spelled-out defaults', () => {
    const a = assertValidScenario(raw, 'h.yaml');
    const b = assertValidScenario({ load: { durationS: 5, rate: [10], warmupS: 5 }, repeats: 1, topology: { replicas: [2], partitions: [1, 2] } }, 'h.yaml');
    expect(scenarioHash(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(scenarioHash(b)).toBe(scenarioHash(a));
  });

  it('changes when a value changes', () => {
    const a = assertValidScenario(raw, 'h.yaml');
    const b = assertValidScenario({ ...raw, load: { rate: 11, durationS: 5 } }, 'h.yaml');
    expect(scenarioHash(b)).not.toBe(scenarioHash(a));
  });
});

describe('formatCells', () => {
  it('prints one line per cell with its values and timeline, then the expected wall time', () => {
    const s = assertValidScenario(
      {
        topology: { partitions: [1, 2], replicas: 2, work: { perMessageMs: 2 } },
        load: { rate: 100, durationS: 40, warmupS: 5 },
        drain: { timeoutS: 15 },
        timeline: [
          { at: 15, action: 'alterPartitions', partitions: 4 },
          { at: 20, action: 'addReplica' },
          { at: 25, action: 'stopReplica', replica: 1 },
          { at: 30, action: 'killReplica', replica: 0 },
        ],
      },
      'f.yaml',
    );
    const timeline = '15s alterPartitions(4), 20s addReplica, 25s stopReplica(1), 30s killReplica(0)';
    const values =
      'replicas=2 store=memory key=none work=2ms/sleep consumer=kafkajs-classic-range pcc=1 rate=100/s conn=16 workers=1 ' +
      'warmup=5s measure=40s drain<=15s repeats=1';
    expect(formatCells(expand(s)).split('\n')).toEqual([
      `p1-r2-rate100  partitions=1 ${values} timeline: ${timeline}`,
      `p2-r2-rate100  partitions=2 ${values} timeline: ${timeline}`,
      "2 cells, 2 runs, at most ~2m 50s (per run: ~10 s setup + warm-up + measurement + drain timeout, or a kill's takeover wait if later)",
    ]);
  });

  it("converts a rate change's factor to orders/s at each cell's rate", () => {
    const s = assertValidScenario(
      {
        topology: { partitions: 2, replicas: 2 },
        load: { rate: [100, 30], durationS: 40 },
        timeline: [
          { at: 10, action: 'setRate', factor: 2 },
          { at: 20, action: 'rampRate', factor: 0.1, overS: 5 },
          { at: 30, action: 'setRate', rate: 250 },
        ],
      },
      'f.yaml',
    );
    const timelines = formatCells(expand(s))
      .split('\n')
      .slice(0, 2)
      .map((line) => line.split('timeline: ')[1]);
    expect(timelines).toEqual([
      '10s setRate(x2) -> 200/s, 20s rampRate(x0.1, 5s) -> 10/s, 30s setRate(250)',
      '10s setRate(x2) -> 60/s, 20s rampRate(x0.1, 5s) -> 3/s, 30s setRate(250)',
    ]);
  });
});
