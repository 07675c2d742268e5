import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isHarnessError } from '../../harness/model/errors.ts';
import { formatIssue } from '../../harness/scenario/issues.ts';
import { displayPath, loadScenario, readScenarioFile } from '../../harness/scenario/load.ts';
import { TIMELINE_ACTIONS } from '../../harness/model/timeline/index.ts';
import { SCENARIO_DEFAULTS, scenarioSchema } from '../../harness/scenario/options.ts';
import { ScenarioInvalidError, validateScenario } from '../../harness/scenario/validate.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/scenarios/', import.meta.url));

/** The printed issues of a fixture, each `<file>: <path>: <message>`. */
function problems(fixture: string): string[] {
  const result = readScenarioFile(path.join(FIXTURES, fixture));
  if (result.ok) throw new Error(`${fixture} was expected to be invalid`);
  return result.issues.map(formatIssue);
}

const shown = (fixture: string) => displayPath(path.join(FIXTURES, fixture));

describe('broken scenario files', () => {
  it('names each file by its path', () => {
    expect(shown('wrong-type.yaml')).toMatch(/(^|\/)test\/fixtures\/scenarios\/wrong-type\.yaml$/);
  });

  it('rejects an unknown key and lists the known ones', () => {
    expect(problems('unknown-key.yaml')).toEqual([
      `${shown('unknown-key.yaml')}: topology.consumer.sessionTimeout: unknown key; expected one of ` +
        'client, groupProtocol, assignor, metadataMaxAgeMs, sessionTimeoutMs, heartbeatIntervalMs, groupHeartbeatIntervalMs, groupSessionTimeoutMs, shareRecordLockDurationMs, shareDeliveryCountLimit, groupAssignmentIntervalMs, kafkaClientsVersion, staticMembership, maxPollRecords, shareAckMode, shareAcquireMode, partitionsConsumedConcurrently',
    ]);
  });

  it('reports a wrong type with what was expected and what was found', () => {
    expect(problems('wrong-type.yaml')).toEqual([`${shown('wrong-type.yaml')}: load.rate: expected a positive number or a list of them, got "fast"`]);
  });

  it('rejects a negative rate', () => {
    expect(problems('negative-rate.yaml')).toEqual([`${shown('negative-rate.yaml')}: load.rate: expected a positive number, got -50`]);
  });

  it('rejects a timeline event at or after the end of the measurement', () => {
    expect(problems('timeline-beyond-duration.yaml')).toEqual([
      `${shown('timeline-beyond-duration.yaml')}: timeline[1].at: expected a time within the measurement, 0 ≤ at < 20 (load.durationS), got 25`,
    ]);
  });

  it('rejects an alterPartitions that does not add partitions in some cell of the sweep', () => {
    expect(problems('shrink-partitions.yaml')).toEqual([
      `${shown('shrink-partitions.yaml')}: timeline[0].partitions: expected more than the 4 partitions in force ` +
        'at 10 s when topology.partitions is 4 (Kafka can add partitions, never remove them), got 3',
    ]);
  });

  it('rejects stopping or killing a replica that is not running at that time', () => {
    expect(problems('stop-missing-replica.yaml')).toEqual([
      `${shown('stop-missing-replica.yaml')}: timeline[0].replica: expected the index of a running replica (at 2 s, running: 0, 1), got 2`,
      `${shown('stop-missing-replica.yaml')}: timeline[3].replica: expected the index of a running replica (at 15 s, running: 0, 1), got 2`,
    ]);
  });

  it('gives the line and column of a YAML syntax error', () => {
    expect(problems('yaml-syntax.yaml')).toEqual([`${shown('yaml-syntax.yaml')}:4:1: invalid YAML: All mapping items must start at the same column`]);
  });

  it('gives the line and column of a JSON syntax error', () => {
    expect(problems('json-syntax.json')).toEqual([`${shown('json-syntax.json')}:4:3: invalid JSON: Expected ',' or '}' after property value`]);
  });

  it('reports schema and cross-field problems together, all at once', () => {
    const file = shown('many-errors.yaml');
    expect(problems('many-errors.yaml')).toEqual([
      `${file}: topology.partitions[2]: expected distinct values (a sweep runs each value once), got 2 a second time`,
      `${file}: topology.store: expected one of memory, postgres, got "postgresql"`,
      `${file}: load.rate[1]: expected a positive number, got -5`,
      // Every action of the registry, every key of the schema.
      `${file}: timeline[0].action: expected one of ${TIMELINE_ACTIONS.join(', ')}, got "scaleOut"`,
      `${file}: repeat: unknown key; expected one of ${Object.keys(scenarioSchema.shape).join(', ')}`,
      `${file}: topology.consumer.heartbeatIntervalMs: expected less than topology.consumer.sessionTimeoutMs (6000), got 6000`,
      `${file}: load.workers: expected at most 2 (load.connections: each worker needs a connection of its own), got 4`,
      `${file}: timeline[1].at: expected a time within the measurement, 0 ≤ at < 30 (load.durationS), got 45`,
    ]);
  });

  it('throws one SCENARIO_INVALID error listing every issue, one per line, without a stack trace', () => {
    const file = path.join(FIXTURES, 'many-errors.yaml');
    let caught: unknown;
    try {
      loadScenario(file);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ScenarioInvalidError);
    if (!(caught instanceof ScenarioInvalidError) || !isHarnessError(caught)) return;
    expect(caught.code).toBe('SCENARIO_INVALID');
    expect(caught.issues).toHaveLength(8);
    expect(caught.issues[0]).toEqual({
      file: shown('many-errors.yaml'),
      path: 'topology.partitions[2]',
      message: 'expected distinct values (a sweep runs each value once), got 2 a second time',
    });
    const lines = caught.message.split('\n');
    expect(lines[0]).toBe(`${shown('many-errors.yaml')} is not a valid scenario (8 problems):`);
    expect(lines.slice(1)).toEqual(problems('many-errors.yaml'));
  });

  it('never puts a stack trace or a parser code frame in a message', () => {
    const fixtures = [
      'unknown-key.yaml',
      'wrong-type.yaml',
      'negative-rate.yaml',
      'timeline-beyond-duration.yaml',
      'shrink-partitions.yaml',
      'stop-missing-replica.yaml',
      'yaml-syntax.yaml',
      'json-syntax.json',
      'many-errors.yaml',
    ];
    for (const fixture of fixtures) {
      for (const line of problems(fixture)) {
        expect(line).not.toMatch(/\n|\bat .*:\d+:\d+\)|node_modules|\^/);
      }
    }
  });
});

describe('validateScenario', () => {
  const minimal = { topology: { partitions: 1, replicas: 1 }, load: { rate: 10, durationS: 5 } };

  it('fills every default from SCENARIO_DEFAULTS and names the scenario after its file', () => {
    const result = validateScenario(minimal, 'scenarios/minimal.yaml');
    expect(result).toEqual({
      ok: true,
      scenario: {
        name: 'minimal',
        description: SCENARIO_DEFAULTS.description,
        repeats: SCENARIO_DEFAULTS.repeats,
        cluster: SCENARIO_DEFAULTS.cluster,
        topology: {
          partitions: [1],
          replicas: [1],
          store: [SCENARIO_DEFAULTS.topology.store],
          key: [SCENARIO_DEFAULTS.topology.key],
          producer: SCENARIO_DEFAULTS.topology.producer,
          // The classic timings stay unset here: a cell resolves them (they depend on the protocol).
          consumer: [
            {
              client: 'kafkajs',
              groupProtocol: 'classic',
              metadataMaxAgeMs: SCENARIO_DEFAULTS.topology.consumer.metadataMaxAgeMs,
              partitionsConsumedConcurrently: [1],
            },
          ],
          work: { perMessageMs: [0], mode: SCENARIO_DEFAULTS.topology.work.mode },
        },
        load: { ...SCENARIO_DEFAULTS.load, rate: [10], durationS: 5, connections: [16] },
        drain: SCENARIO_DEFAULTS.drain,
        timeline: [],
      },
    });
  });

  it('requires the fields that define the experiment', () => {
    const result = validateScenario({ topology: {}, load: {} }, 'x.yaml');
    expect(result.ok ? [] : result.issues.map(formatIssue)).toEqual([
      'x.yaml: topology.partitions: expected a positive integer or a list of them, got nothing',
      'x.yaml: topology.replicas: expected a positive integer or a list of them, got nothing',
      'x.yaml: load.rate: expected a positive number or a list of them, got nothing',
      'x.yaml: load.durationS: expected a positive number of seconds, got nothing',
    ]);
  });

  it('names a scenario after its file unless it says otherwise (a copy keeps working)', () => {
    const named = (raw: unknown, file: string) => {
      const result = validateScenario(raw, file);
      return result.ok ? result.scenario.name : result.issues.map(formatIssue);
    };
    expect(named(minimal, 'scenarios/minimal.yaml')).toBe('minimal');
    expect(named({ ...minimal, name: 'other' }, 'my.yaml')).toBe('other');
    expect(named({ ...minimal, name: 'other' }, 'My Copy.yaml')).toBe('other');
    expect(named(minimal, 'My Copy.yaml')).toEqual([
      'My Copy.yaml: name: expected a name of lowercase letters, digits and "-" (the file\'s name is not one: give `name:`), got "My Copy"',
    ]);
  });

  it('checks each alterPartitions against the count set by the one before', () => {
    const result = validateScenario(
      {
        ...minimal,
        load: { rate: 10, durationS: 30 },
        timeline: [
          { at: 5, action: 'alterPartitions', partitions: 4 },
          { at: 10, action: 'alterPartitions', partitions: 4 },
          { at: 20, action: 'alterPartitions', partitions: 6 },
        ],
      },
      'x.yaml',
    );
    expect(result.ok ? [] : result.issues.map(formatIssue)).toEqual([
      'x.yaml: timeline[1].partitions: expected more than the 4 partitions in force at 10 s ' + '(Kafka can add partitions, never remove them), got 4',
    ]);
  });

  it('counts replicas added before a stop, in the smallest cell of a replicas sweep', () => {
    const timeline = [
      { at: 1, action: 'addReplica' },
      { at: 2, action: 'killReplica', replica: 2 },
      { at: 3, action: 'stopReplica', replica: 3 },
    ];
    const ok = validateScenario({ ...minimal, topology: { partitions: 1, replicas: [3, 4] }, timeline }, 'x.yaml');
    expect(ok.ok).toBe(true);
    const bad = validateScenario({ ...minimal, topology: { partitions: 1, replicas: [2, 4] }, timeline }, 'x.yaml');
    expect(bad.ok ? [] : bad.issues.map(formatIssue)).toEqual([
      'x.yaml: timeline[2].replica: expected the index of a running replica ' + '(at 3 s when topology.replicas is 2, running: 0, 1), got 3',
    ]);
  });

  it('wants timeline events in time order', () => {
    const result = validateScenario(
      {
        ...minimal,
        timeline: [
          { at: 3, action: 'addReplica' },
          { at: 1, action: 'addReplica' },
        ],
      },
      'x.yaml',
    );
    expect(result.ok ? [] : result.issues.map(formatIssue)).toEqual([
      'x.yaml: timeline[1].at: expected at least 3, the time of the event before (events are listed in time order), got 1',
    ]);
  });

  it('says which value a timeline event has when its action is unknown or missing', () => {
    const result = validateScenario({ ...minimal, timeline: [{ at: 1 }, { at: 2, action: 'addReplica', replica: 0 }] }, 'x.yaml');
    expect(result.ok ? [] : result.issues.map(formatIssue)).toEqual([
      `x.yaml: timeline[0].action: expected one of ${TIMELINE_ACTIONS.join(', ')}, got nothing`,
      'x.yaml: timeline[1].replica: unknown key; expected one of at, action',
    ]);
  });
});

describe('consumer client combinations', () => {
  const issues = (consumer: unknown) => {
    const result = validateScenario({ topology: { partitions: 1, replicas: 1, consumer }, load: { rate: 10, durationS: 5 } }, 'c.yaml');
    return result.ok ? [] : result.issues.map(formatIssue);
  };

  it('refuses what a client cannot do, naming the field, the value and what the client supports', () => {
    expect(issues({ assignor: 'cooperative-sticky' })).toEqual([
      'c.yaml: topology.consumer.assignor: client kafkajs with groupProtocol classic supports assignor range, roundrobin, got "cooperative-sticky"',
    ]);
    expect(issues({ groupProtocol: 'consumer' })).toEqual([
      'c.yaml: topology.consumer.groupProtocol: client kafkajs supports groupProtocol classic, got "consumer"',
    ]);
    expect(issues({ client: 'platformatic' })).toEqual([
      'c.yaml: topology.consumer.groupProtocol: client platformatic supports groupProtocol consumer, got "classic"',
    ]);
    expect(issues([{ client: 'java', groupProtocol: 'consumer', assignor: 'cooperative-sticky' }])).toEqual([
      'c.yaml: topology.consumer[0].assignor: client java with groupProtocol consumer supports assignor uniform, range, got "cooperative-sticky"',
    ]);
  });

  it('refuses client-side session and heartbeat settings with the consumer protocol', () => {
    const found = issues([{ client: 'java' }, { client: 'java', groupProtocol: 'consumer', sessionTimeoutMs: 10_000, heartbeatIntervalMs: 1000 }]);
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(
      /^c\.yaml: topology\.consumer\[1\]\.sessionTimeoutMs: the consumer protocol takes no sessionTimeoutMs from the client .*, got 10000$/,
    );
    expect(found[1]).toMatch(/^c\.yaml: topology\.consumer\[1\]\.heartbeatIntervalMs: /);
    expect(issues({ client: 'java', groupHeartbeatIntervalMs: 1000 })).toEqual([
      'c.yaml: topology.consumer.groupHeartbeatIntervalMs: expected no groupHeartbeatIntervalMs with groupProtocol classic (it sets a consumer-protocol or share group; use heartbeatIntervalMs), got 1000',
    ]);
  });

  it('share groups: the Java client only, its settings only where a client takes them', () => {
    expect(issues({ client: 'java', groupProtocol: 'share', shareAckMode: 'explicit', shareAcquireMode: 'record_limit', maxPollRecords: 10 })).toEqual([]);
    expect(issues({ groupProtocol: 'share' })).toEqual(['c.yaml: topology.consumer.groupProtocol: client kafkajs supports groupProtocol classic, got "share"']);
    expect(issues({ client: 'java', groupProtocol: 'consumer', shareAckMode: 'explicit' })).toEqual([
      'c.yaml: topology.consumer.shareAckMode: client java takes shareAckMode only with groupProtocol share, not consumer, got "explicit"',
    ]);
    expect(issues({ maxPollRecords: 10, shareAcquireMode: 'record_limit' })).toEqual([
      'c.yaml: topology.consumer.maxPollRecords: client kafkajs takes no maxPollRecords; java (classic, consumer, share) does, got 10',
      'c.yaml: topology.consumer.shareAcquireMode: client kafkajs takes no shareAcquireMode; java (share) does, got "record_limit"',
    ]);
    expect(issues({ client: 'java', groupProtocol: 'share', shareAckMode: 'auto' })).toEqual([
      'c.yaml: topology.consumer.shareAckMode: expected one of implicit, explicit, got "auto"',
    ]);
    expect(issues({ client: 'java', groupProtocol: 'share', sessionTimeoutMs: 6000 })).toEqual([
      "c.yaml: topology.consumer.sessionTimeoutMs: the share protocol takes no sessionTimeoutMs from the client (the broker sets group.share.session.timeout.ms and group.share.heartbeat.interval.ms; a scenario sets the group's own with groupSessionTimeoutMs and groupHeartbeatIntervalMs), got 6000",
    ]);
  });

  it('takes one value per field inside a list of variants', () => {
    expect(issues([{ client: 'java', partitionsConsumedConcurrently: [1, 2] }])).toEqual([
      'c.yaml: topology.consumer[0].partitionsConsumedConcurrently: expected a positive integer (one value: in a list of consumer settings the list is the sweep), got [1,2]',
    ]);
  });
});
