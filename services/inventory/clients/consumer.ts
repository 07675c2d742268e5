import type { Membership } from '../membership.ts';
import type { InventoryOptions } from '../options.ts';
import type { RecordProcessor } from '../records.ts';
import type { ReplicaState } from '../replica-state.ts';

/**
 * What every in-process consumer client gets. It hands each record to `records` and each group
 * step to `membership`, which journal them; the client itself never writes the journal.
 */
export interface ConsumerDeps {
  options: InventoryOptions;
  /** The client keeps its member id and generation (or member epoch) up to date here. */
  state: ReplicaState;
  records: RecordProcessor;
  membership: Membership;
  /** The client gave up for good (a non-retriable error): the replica should exit. */
  onFatal: (err: unknown) => void;
}

/**
 * One replica's group membership and record processing, whatever the client library. Per
 * record: work, store, journal line, then the offset may commit (at-least-once). Every group
 * step is journaled with the partitions it concerns and the member's whole assignment after it.
 */
export interface ReplicaConsumer {
  connect(): Promise<void>;
  /** Subscribes (waiting for the topic if it does not exist yet) and starts consuming. */
  start(): Promise<void>;
  /** Leaves the group cleanly (a scale-in): the others get this member's partitions at once. */
  stop(): Promise<void>;
}
