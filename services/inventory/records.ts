import { parseOrderPlaced } from '../../harness/model/order-placed.ts';
import { log } from '../shared/cli.ts';
import type { JournalWriter } from './journal-writer.ts';
import type { InventoryOptions } from './options.ts';
import type { ReplicaState } from './replica-state.ts';
import type { InventoryStore } from './stores/store.ts';
import { createWork } from './work.ts';

/**
 * What this replica does with a record read from partition p at offset o, whatever the client.
 * The journal line is written (one synchronous write) before process() resolves, and a client
 * commits an offset only after that: at-least-once, and no committed record is missing from
 * the journal. Reentrant: clients process several partitions at once.
 */
export class RecordProcessor {
  private readonly work: () => Promise<void> | void;

  constructor(
    options: Pick<InventoryOptions, 'workMs' | 'workMode'>,
    private readonly store: InventoryStore,
    private readonly journal: JournalWriter,
    private readonly state: ReplicaState,
  ) {
    this.work = createWork(options.workMs, options.workMode);
  }

  /**
   * A poison record (not a well-formed OrderPlaced) resolves like an order, so its offset
   * commits: redelivering it would fail the same way forever. Rejects when the work or the store
   * fails, before anything is journaled or counted: the client must deliver the record again.
   */
  async process(partition: number, offset: string, value: Buffer | null): Promise<void> {
    const { state, journal } = this;
    const parsed = parseOrderPlaced(value);
    if (!parsed.ok) {
      state.recordPoison(partition, offset);
      journal.write({ k: 'poison', partition, offset, reason: parsed.reason, at: Date.now() });
      log('inventory', `skipped poison record at partition ${partition} offset ${offset}: ${parsed.reason}`);
      return;
    }
    const order = parsed.event;
    await this.work();
    await this.store.apply(order, { partition, offset, replica: state.replica });
    state.recordOrder(order.orderId, partition, offset);
    journal.write({
      k: 'order',
      orderId: order.orderId,
      partition,
      offset,
      createdAt: order.createdAt,
      processedAt: Date.now(),
      member: state.memberId,
      productId: order.productId,
      qty: order.qty,
    });
  }
}
