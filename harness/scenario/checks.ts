/**
 * Rules that span fields, so a single field's schema cannot state them. Each input may be missing
 * (it failed its own schema); a rule runs whenever the fields it reads are valid, so one pass
 * reports schema and cross-field problems together.
 */
import type { ActionProblem, TimelineState } from '../model/timeline/spec.ts';
import { specOf } from '../model/timeline/index.ts';
import { rateOf } from '../model/timeline/rate.ts';
import { checkCombination, clients } from '../clients/registry.ts';
import { atLeast } from '../model/kafka-version.ts';
import { findGroupType } from '../groups/registry.ts';
import { expectedAt, issueAt } from './issues.ts';
import { limitIssues, type StepRate } from './limits.ts';
import { SCENARIO_DEFAULTS } from './options.ts';
import type { ConsumerSettings, Scenario, ScenarioIssue, Sweep, TimelineEvent } from '../model/scenario.ts';

export interface CrossCheckInput {
  readonly partitions?: Sweep<number> | undefined;
  /** cluster.nodes: broker actions name nodes 1..nodes. */
  readonly nodes?: number | undefined;
  /** cluster.kafkaVersion: a group config a release does not know is refused before the run. */
  readonly kafkaVersions?: readonly string[] | undefined;
  readonly replicas?: Sweep<number> | undefined;
  readonly consumer?: readonly ConsumerSettings<'sweep'>[] | undefined;
  /** The file gave topology.consumer as a list of variants (issues then name the item). */
  readonly consumerListed?: boolean;
  readonly durationS?: number | undefined;
  readonly connections?: Sweep<number> | undefined;
  readonly workers?: number | undefined;
  readonly rate?: Sweep<number> | undefined;
  /** An entry is undefined where that event failed its schema. */
  readonly timeline?: readonly (TimelineEvent | undefined)[] | undefined;
}

export function crossCheckInput(scenario: Pick<Scenario, 'topology' | 'load' | 'timeline'> & Partial<Pick<Scenario, 'cluster'>>): CrossCheckInput {
  const { topology, load } = scenario;
  return {
    nodes: scenario.cluster?.nodes,
    kafkaVersions: scenario.cluster?.kafkaVersion,
    partitions: topology.partitions,
    replicas: topology.replicas,
    consumer: topology.consumer,
    durationS: load.durationS,
    connections: load.connections,
    workers: load.workers,
    rate: load.rate,
    timeline: scenario.timeline,
  };
}

export function crossFieldIssues(file: string, input: CrossCheckInput): ScenarioIssue[] {
  return [
    ...consumerIssues(file, input),
    ...workerIssues(file, input),
    ...timelineTimeIssues(file, input),
    ...timelineReplayIssues(file, input),
    ...limitIssues(file, {
      ...input,
      alteredPartitions: Math.max(0, ...(input.timeline ?? []).map((e) => (e?.action === 'alterPartitions' ? e.partitions : 0))),
      addedReplicas: (input.timeline ?? []).reduce(
        (n, e) =>
          n +
          (e?.action === 'addReplica'
            ? 1
            : e?.action === 'rollingRestart' && e.maxSurge > 0
              ? (e.replicas?.length ?? Math.max(...(input.replicas ?? [1])))
              : 0),
        0,
      ),
      stepRates: stepRates(input),
    }),
  ];
}

/** The first release whose coordinator knows `consumer.assignment.interval.ms` (KIP-1263). */
const ASSIGNMENT_INTERVAL_SINCE = '4.3';

function consumerIssues(file: string, { consumer: variants, consumerListed, kafkaVersions }: CrossCheckInput): ScenarioIssue[] {
  if (variants === undefined) return [];
  const issues: ScenarioIssue[] = [];
  variants.forEach((consumer, index) => {
    // A single mapping is reported as topology.consumer, a variant as topology.consumer[i].
    const at = (field: string) => (consumerListed ? ['topology', 'consumer', index, field] : ['topology', 'consumer', field]);
    const type = findGroupType(consumer.groupProtocol);
    if (!type) return;
    const assignor = consumer.assignor ?? type.defaultAssignor;
    const explicit = {
      sessionTimeoutMs: consumer.sessionTimeoutMs !== undefined,
      heartbeatIntervalMs: consumer.heartbeatIntervalMs !== undefined,
      staticMembership: consumer.staticMembership === true,
      maxPollRecords: consumer.maxPollRecords !== undefined,
      shareAckMode: consumer.shareAckMode !== undefined,
      shareAcquireMode: consumer.shareAcquireMode !== undefined,
    };
    for (const problem of checkCombination(consumer.client, consumer.groupProtocol, assignor, explicit)) {
      const found = problem.field === 'groupProtocol' ? consumer.groupProtocol : problem.field === 'assignor' ? assignor : consumer[problem.field];
      issues.push(issueAt(file, at(problem.field), `${problem.message.replace(/, got .*$/, '')}, got ${JSON.stringify(found)}`));
    }
    if (!type.groupHeartbeat && consumer.groupHeartbeatIntervalMs !== undefined) {
      issues.push(
        expectedAt(
          file,
          at('groupHeartbeatIntervalMs'),
          `no groupHeartbeatIntervalMs with groupProtocol ${type.name} (it sets a consumer-protocol or share group; use heartbeatIntervalMs)`,
          consumer.groupHeartbeatIntervalMs,
        ),
      );
    }
    if (!type.groupHeartbeat && consumer.groupSessionTimeoutMs !== undefined) {
      issues.push(
        expectedAt(
          file,
          at('groupSessionTimeoutMs'),
          `no groupSessionTimeoutMs with groupProtocol ${type.name} (it sets a consumer-protocol or share group's session timeout on the broker; use sessionTimeoutMs)`,
          consumer.groupSessionTimeoutMs,
        ),
      );
    }
    for (const field of ['shareRecordLockDurationMs', 'shareDeliveryCountLimit'] as const) {
      if (type.recordLocks || consumer[field] === undefined) continue;
      issues.push(
        expectedAt(
          file,
          at(field),
          `no ${field} with groupProtocol ${type.name} (it sets a share group's ${field === 'shareRecordLockDurationMs' ? 'share.record.lock.duration.ms' : 'share.delivery.count.limit'}: groupProtocol share)`,
          consumer[field],
        ),
      );
    }
    if (consumer.groupAssignmentIntervalMs !== undefined) {
      const older = (kafkaVersions ?? []).filter((v) => !atLeast(v, ASSIGNMENT_INTERVAL_SINCE));
      if (!type.groupHeartbeat) {
        issues.push(
          expectedAt(
            file,
            at('groupAssignmentIntervalMs'),
            `no groupAssignmentIntervalMs with groupProtocol ${type.name} (it sets a consumer-protocol group's consumer.assignment.interval.ms)`,
            consumer.groupAssignmentIntervalMs,
          ),
        );
      } else if (older.length > 0) {
        issues.push(
          expectedAt(
            file,
            at('groupAssignmentIntervalMs'),
            `no groupAssignmentIntervalMs on Kafka ${older.join(', ')} (cluster.kafkaVersion): consumer.assignment.interval.ms is a group config from Kafka ${ASSIGNMENT_INTERVAL_SINCE}.0 on (KIP-1263)`,
            consumer.groupAssignmentIntervalMs,
          ),
        );
      }
    }
    if (consumer.kafkaClientsVersion !== undefined && !findClient(consumer.client)?.kafkaJars) {
      issues.push(
        expectedAt(
          file,
          at('kafkaClientsVersion'),
          `no kafkaClientsVersion with client ${consumer.client} (it picks the kafka-clients release of a client built on Kafka's jars: ${kafkaJarClients().join(', ')})`,
          consumer.kafkaClientsVersion,
        ),
      );
    }
    const session = consumer.sessionTimeoutMs ?? SCENARIO_DEFAULTS.topology.consumer.sessionTimeoutMs;
    const heartbeat = consumer.heartbeatIntervalMs ?? SCENARIO_DEFAULTS.topology.consumer.heartbeatIntervalMs;
    if (type.clientTimings && heartbeat >= session) {
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
  return [expectedAt(file, ['load', 'workers'], `at most ${fewest} (load.connections: each worker needs a connection of its own)`, workers)];
}

function timelineTimeIssues(file: string, { durationS, timeline }: CrossCheckInput): ScenarioIssue[] {
  if (timeline === undefined) return [];
  const issues: ScenarioIssue[] = [];
  let previous = 0;
  timeline.forEach((event, index) => {
    if (event === undefined) return;
    const path = ['timeline', index, 'at'];
    if (durationS !== undefined && event.at >= durationS) {
      issues.push(expectedAt(file, path, `a time within the measurement, 0 ≤ at < ${durationS} (load.durationS)`, event.at));
    } else if (event.at < previous) {
      issues.push(expectedAt(file, path, `at least ${previous}, the time of the event before (events are listed in time order)`, event.at));
    } else {
      const lasts = specOf(event).lastsUntil?.(event);
      if (lasts && durationS !== undefined && lasts.at > durationS) {
        const found = (event as unknown as Record<string, unknown>)[lasts.field];
        issues.push(
          expectedAt(
            file,
            ['timeline', index, lasts.field],
            `at most ${durationS - event.at}, so that ${lasts.what} within the measurement (at ${event.at} s, load.durationS ${durationS})`,
            found,
          ),
        );
      }
    }
    previous = Math.max(previous, event.at);
  });
  return issues;
}

/**
 * Each action states its own rule (harness/run/actions/): replayed through the timeline from
 * every starting point of a partitions or replicas sweep, in every cell. Per event, the issue
 * names the worst starting point: the most partitions (a partition count that must grow) and
 * the fewest replicas (a replica that must be running).
 */
function timelineReplayIssues(file: string, input: CrossCheckInput): ScenarioIssue[] {
  const { partitions, replicas, timeline: events } = input;
  const timeline = complete(events);
  if (partitions === undefined || replicas === undefined || timeline === undefined) return [];
  const found = new Map<number, ActionProblem>();
  const byPartitions = [...partitions].sort((a, b) => b - a);
  const byReplicas = [...replicas].sort((a, b) => a - b);
  for (const initialPartitions of byPartitions) {
    for (const initialReplicas of byReplicas) {
      const state: TimelineState = {
        partitions: initialPartitions,
        running: Array.from({ length: initialReplicas }, (_, i) => i),
        nextReplica: initialReplicas,
        nodes: input.nodes ?? 1,
        down: [],
        whenPartitions: partitions.length > 1 ? ` when topology.partitions is ${initialPartitions}` : '',
        whenReplicas: replicas.length > 1 ? ` when topology.replicas is ${initialReplicas}` : '',
      };
      timeline.forEach((event, index) => {
        const problem = specOf(event).replay?.(event, state);
        if (problem && !found.has(index)) found.set(index, problem);
      });
    }
  }
  return [...found].sort(([a], [b]) => a - b).map(([index, problem]) => expectedAt(file, ['timeline', index, problem.field], problem.expected, problem.found));
}

/** Replaying counts through a timeline means nothing once one event is unreadable. */
function complete(events: CrossCheckInput['timeline']): readonly TimelineEvent[] | undefined {
  if (events === undefined) return undefined;
  const valid = events.filter((event) => event !== undefined);
  return valid.length === events.length ? valid : undefined;
}

/** The highest rate each setRate or rampRate reaches in any cell (a factor times the highest swept load.rate). */
function stepRates({ timeline, rate }: CrossCheckInput): StepRate[] {
  const base = rate === undefined ? undefined : Math.max(...rate);
  return (timeline ?? []).flatMap((e, index): StepRate[] => {
    if (e === undefined || !specOf(e).changesLoad || !('rate' in e || 'factor' in e)) return [];
    if (e.rate !== undefined) return [{ index, field: 'rate', factor: 1, rate: e.rate }];
    return base === undefined || e.factor === undefined ? [] : [{ index, field: 'factor', factor: e.factor, rate: rateOf(e, base) }];
  });
}

const findClient = (name: string) => clients().find((c) => c.name === name);
const kafkaJarClients = () =>
  clients()
    .filter((c) => c.kafkaJars)
    .map((c) => c.name);
