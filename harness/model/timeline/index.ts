/**
 * The registry of timeline action specs: each is found here by name, and the scenario schema's
 * discriminated union is built from it. Adding an action is its spec here (one file plus one
 * line below) and its execution in harness/run/actions/.
 */
import { z } from 'zod';
import { addReplica, schema as addReplicaSchema } from './add-replica.ts';
import { alterPartitions, schema as alterPartitionsSchema } from './alter-partitions.ts';
import { killBroker, schema as killBrokerSchema } from './kill-broker.ts';
import { killReplica, schema as killReplicaSchema } from './kill-replica.ts';
import { pauseBroker, schema as pauseBrokerSchema } from './pause-broker.ts';
import { pauseReplica, schema as pauseReplicaSchema } from './pause-replica.ts';
import { restartReplica, schema as restartReplicaSchema } from './restart-replica.ts';
import { rollingRestart, schema as rollingRestartSchema } from './rolling-restart.ts';
import { rampRate, schema as rampRateSchema } from './ramp-rate.ts';
import { schema as setRateSchema, setRate } from './set-rate.ts';
import { rateOf } from './rate.ts';
import type { ActionOutcome, ActionSpec } from './spec.ts';
import { schema as startBrokerSchema, startBroker } from './start-broker.ts';
import { schema as stopBrokerSchema, stopBroker } from './stop-broker.ts';
import { schema as stopReplicaSchema, stopReplica } from './stop-replica.ts';

const schemas = [
  alterPartitionsSchema,
  addReplicaSchema,
  stopReplicaSchema,
  killReplicaSchema,
  killBrokerSchema,
  stopBrokerSchema,
  startBrokerSchema,
  pauseBrokerSchema,
  pauseReplicaSchema,
  restartReplicaSchema,
  rollingRestartSchema,
  setRateSchema,
  rampRateSchema,
] as const;

/** `at` is seconds from the start of the measurement; events with the same `at` run in file order. */
export type TimelineEvent = Readonly<z.output<(typeof schemas)[number]>>;
export type TimelineAction = TimelineEvent['action'];
export type EventOf<A extends TimelineAction> = Extract<TimelineEvent, { action: A }>;

const REGISTRY: { readonly [A in TimelineAction]: ActionSpec<EventOf<A>> } = {
  alterPartitions,
  addReplica,
  stopReplica,
  killReplica,
  killBroker,
  stopBroker,
  startBroker,
  pauseBroker,
  pauseReplica,
  restartReplica,
  rollingRestart,
  setRate,
  rampRate,
};

export const TIMELINE_ACTIONS = Object.keys(REGISTRY) as TimelineAction[];

export function specOf<E extends TimelineEvent>(event: E): ActionSpec<E> {
  return REGISTRY[event.action] as unknown as ActionSpec<E>;
}

export const timelineEventSchema = z.discriminatedUnion('action', schemas, {
  error: (issue) => (issue.code === 'invalid_union' ? `one of ${TIMELINE_ACTIONS.join(', ')}` : 'a mapping with at, action and the action’s fields'),
});

/** The one description of an event, with what it concerned once it ran. */
export function describeEvent(event: TimelineEvent, outcome?: ActionOutcome): string {
  return specOf(event).describe(event, outcome);
}

/** An executed action as the CSV files, the progress line and the report name it. */
export function describeAction(a: { event: TimelineEvent } & ActionOutcome): string {
  return describeEvent(a.event, a);
}

/** The events that change the offered rate (setRate, rampRate), in timeline order. */
export const rateEvents = <E extends TimelineEvent>(timeline: readonly E[]): Extract<E, { action: 'setRate' | 'rampRate' }>[] =>
  timeline.filter((e): e is Extract<E, { action: 'setRate' | 'rampRate' }> => specOf(e).changesLoad === true);

/** ` -> 200/s` after a rate change by a factor in a cell whose load.rate is `baseRate`; '' for any other event. */
export function rateInCell(event: TimelineEvent, baseRate: number): string {
  const change = rateEvents([event])[0];
  return change?.factor !== undefined ? ` -> ${Math.round(rateOf(change, baseRate) * 100) / 100}/s` : '';
}
