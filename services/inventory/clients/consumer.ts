import type { JournalWriter } from '../journal-writer.ts';
import type { InventoryOptions } from '../options.ts';
import type { ReplicaState } from '../replica-state.ts';
import type { InventoryStore } from '../stores/store.ts';

/** What every in-process consumer client gets: options, the store, the journal, the live state. */
export interface ConsumerDeps {
  options: InventoryOptions;
  store: InventoryStore;
  journal: JournalWriter;
  state: ReplicaState;
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
