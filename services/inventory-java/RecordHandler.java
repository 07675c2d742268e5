package bench.inventory;

/**
 * The one record path both loops share (services/inventory/records.ts): parse, then either the
 * poison line, or work, store, counters and the order line. The journal line is written before
 * the caller commits the offset (ConsumerLoop) or acknowledges the record (ShareConsumerLoop).
 */
final class RecordHandler {
  enum Outcome {
    ORDER,
    POISON,
  }

  private final Store store;
  private final Journal journal;
  private final ReplicaState state;
  private final Work work;

  RecordHandler(Options options, Store store, Journal journal, ReplicaState state) {
    this.store = store;
    this.journal = journal;
    this.state = state;
    this.work = new Work(options.workMs, options.workMode);
  }

  /**
   * `deliveryCount`: a share group's delivery count of this record (null for a consumer group).
   * Throws when the store fails: nothing is counted or journaled, the caller retries or releases.
   */
  Outcome handle(int partition, long offset, byte[] value, Integer deliveryCount) throws Exception {
    OrderPlaced.Parsed parsed = OrderPlaced.parse(value);
    if (!parsed.ok()) {
      state.recordPoison(partition, offset);
      journal.write(Journal.poison(partition, offset, parsed.reason(), deliveryCount));
      Log.info("skipped poison record at partition " + partition + " offset " + offset + ": " + parsed.reason());
      return Outcome.POISON;
    }
    OrderPlaced order = parsed.event();
    work.run();
    store.apply(order, new Store.Delivery(partition, offset, state.replica));
    state.recordOrder(order.orderId(), partition, offset);
    journal.write(Journal.order(order, partition, offset, state.memberId, deliveryCount));
    return Outcome.ORDER;
  }
}
