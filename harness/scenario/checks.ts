/**
 * Rules that span fields, so a single field's schema cannot state them. Each input may be missing
 * (it failed its own schema); a rule runs whenever the fields it reads are valid, so one pass
 * reports schema and cross-field problems together.
 */
import { DEFAULT_ASSIGNOR, checkCombination } from '../sut/clients/capabilities.ts';
import { expectedAt, issueAt } from './issues.ts';
import { SCENARIO_DEFAULTS } from './options.ts';
import type { ConsumerSettings, Scenario, ScenarioIssue, Sweep, TimelineEvent } from './types.ts';

export interface CrossCheckInput {
  readonly partitions?: Sweep<number> | undefined;
  readonly replicas?: Sweep<number> | undefined;
  readonly consumer?: readonly ConsumerSettings<'sweep'>[] | undefined;
  /** The file gave topology.consumer as a list of variants (issues then name the item). */
  readonly consumerListed?: boolean;
  readonly durationS?: number | undefined;
  readonly connections?: Sweep<number> | undefined;
  readonly workers?: number | undefined;
  /** An entry is undefined where that event failed its schema. */
  readonly timeline?: readonly (TimelineEvent | undefined)[] | undefined;
}

export function crossCheckInput(scenario: Pick<Scenario, 'topology' | 'load' | 'timeline'>): CrossCheckInput {
  const { topology, load } = scenario;
  return {
    partitions: topology.partitions,
    replicas: topology.replicas,
    consumer: topology.consumer,
    durationS: load.durationS,
    connections: load.connections,
    workers: load.workers,
    timeline: scenario.timeline,
  };
}

export function crossFieldIssues(file: string, input: CrossCheckInput): ScenarioIssue[] {
  return [
    ...consumerIssues(file, input),
    ...workerIssues(file, input),
    ...timelineTimeIssues(file, input),
    ...partitionIssues(file, input),
    ...replicaIssues(file, input),
  ];
}

function consumerIssues(file: string, { consumer: variants, consumerListed }: CrossCheckInput): ScenarioIssue[] {
  if (variants === undefined) return [];
  const issues: ScenarioIssue[] = [];
  variants.forEach((consumer, index) => {
    // A single mapping is reported as topology.consumer, a variant as topology.consumer[i].
    const at = (field: string) => (consumerListed ? ['topology', 'consumer', index, field] : ['topology', 'consumer', field]);
    const assignor = consumer.assignor ?? DEFAULT_ASSIGNOR[consumer.groupProtocol];
    const explicit = { sessionTimeoutMs: consumer.sessionTimeoutMs !== undefined, heartbeatIntervalMs: consumer.heartbeatIntervalMs !== undefined };
    for (const problem of checkCombination(consumer.client, consumer.groupProtocol, assignor, explicit)) {
      const found = problem.field === 'groupProtocol' ? consumer.groupProtocol : problem.field === 'assignor' ? assignor : consumer[problem.field];
      issues.push(issueAt(file, at(problem.field), `${problem.message.replace(/, got .*$/, '')}, got ${JSON.stringify(found)}`));
    }
    if (consumer.groupProtocol === 'classic' && consumer.groupHeartbeatIntervalMs !== undefined) {
      issues.push(expectedAt(file, at('groupHeartbeatIntervalMs'), 'no groupHeartbeatIntervalMs with groupProtocol classic (it sets a consumer-protocol group; use heartbeatIntervalMs)', consumer.groupHeartbeatIntervalMs));
    }
    const session = consumer.sessionTimeoutMs ?? SCENARIO_DEFAULTS.topology.consumer.sessionTimeoutMs;
    const heartbeat = consumer.heartbeatIntervalMs ?? SCENARIO_DEFAULTS.topology.consumer.heartbeatIntervalMs;
    if (consumer.groupProtocol === 'classic' && heartbeat >= session) {
      // The broker would expire the session between two heartbeats and evict a healthy member.
      issues.push(expectedAt(file, at('heartbeatIntervalMs'), `less than topology.consumer.sessionTimeoutMs (${session})`, heartbeat));
    }
  });
  return issues;
}


function workerIssues(file: string, { workers, connections }: CrossCheckInput): ScenarioIssue[] {
  if (workers === undefined || connections === undefined) return [];
  const fewest = Math.min(...connections);
  if (workers <= fewest) return [];
  // Connections are split among workers; a worker without one could not offer its share.
  return [
    expectedAt(
      file,
      ['load', 'workers'],
      `at most ${fewest} (load.connections: each worker needs a connection of its own)`,
      workers,
    ),
  ];
}

function timelineTimeIssues(file: string, { durationS, timeline }: CrossCheckInput): ScenarioIssue[] {
  if (timeline === undefined) return [];
  const issues: ScenarioIssue[] = [];
  let previous = 0;
  timeline.forEach((event, index) => {
    if (event === undefined) return;
    const path = ['timeline', index, 'at'];
    if (durationS !== undefined && event.at >= durationS) {
      issues.push(
        expectedAt(file, path, `a time within the measurement, 0 ≤ at < ${durationS} (load.durationS)`, event.at),
      );
    } else if (event.at < previous) {
      issues.push(expectedAt(file, path, `at least ${previous}, the time of the event before (events are listed in time order)`, event.at));
    }
    previous = Math.max(previous, event.at);
  });
  return issues;
}

/**
 * Kafka can add partitions to a topic but never remove them, so each alterPartitions must raise
 * the count in force at its time, in every cell of a partitions sweep.
 */
function partitionIssues(file: string, { partitions, timeline: events }: CrossCheckInput): ScenarioIssue[] {
  const timeline = complete(events);
  if (partitions === undefined || timeline === undefined) return [];
  const worst = new Map<number, { initial: number; inForce: number }>();
  for (const initial of partitions) {
    let inForce = initial;
    timeline.forEach((event, index) => {
      if (event.action !== 'alterPartitions') return;
      const seen = worst.get(index);
      if (event.partitions <= inForce && (seen === undefined || inForce > seen.inForce)) {
        worst.set(index, { initial, inForce });
      }
      inForce = Math.max(inForce, event.partitions);
    });
  }
  return [...worst].sort(([a], [b]) => a - b).map(([index, { initial, inForce }]) => {
    const event = timeline[index] as Extract<TimelineEvent, { action: 'alterPartitions' }>;
    const when = partitions.length > 1 ? ` when topology.partitions is ${initial}` : '';
    return expectedAt(
      file,
      ['timeline', index, 'partitions'],
      `more than the ${inForce} partitions in force at ${event.at} s${when} (Kafka can add partitions, never remove them)`,
      event.partitions,
    );
  });
}

/**
 * Replicas are numbered in start order: 0..replicas-1, then one more per addReplica. A stop or
 * kill must name one that is running at that time, in every cell of a replicas sweep.
 */
function replicaIssues(file: string, { replicas, timeline: events }: CrossCheckInput): ScenarioIssue[] {
  const timeline = complete(events);
  if (replicas === undefined || timeline === undefined) return [];
  const first = new Map<number, { initial: number; running: number[] }>();
  for (const initial of [...replicas].sort((a, b) => a - b)) {
    const running = Array.from({ length: initial }, (_, i) => i);
    let next = initial;
    timeline.forEach((event, index) => {
      if (event.action === 'addReplica') {
        running.push(next++);
      } else if (event.action === 'stopReplica' || event.action === 'killReplica') {
        const at = running.indexOf(event.replica);
        if (at >= 0) running.splice(at, 1);
        else if (!first.has(index)) first.set(index, { initial, running: [...running] });
      }
    });
  }
  return [...first].sort(([a], [b]) => a - b).map(([index, { initial, running }]) => {
    const event = timeline[index] as Extract<TimelineEvent, { replica: number }>;
    const when = replicas.length > 1 ? ` when topology.replicas is ${initial}` : '';
    const which = running.length === 0 ? 'none is running' : `running: ${running.join(', ')}`;
    return expectedAt(
      file,
      ['timeline', index, 'replica'],
      `the index of a running replica (at ${event.at} s${when}, ${which})`,
      event.replica,
    );
  });
}

/** Replaying counts through a timeline means nothing once one event is unreadable. */
function complete(events: CrossCheckInput['timeline']): readonly TimelineEvent[] | undefined {
  if (events === undefined) return undefined;
  const valid = events.filter((event) => event !== undefined);
  return valid.length === events.length ? valid : undefined;
}
