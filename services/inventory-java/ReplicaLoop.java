package bench.inventory;

import java.time.Duration;

/** A replica's consuming half, on its own thread: ConsumerLoop (classic, consumer) or ShareConsumerLoop (share). */
interface ReplicaLoop extends Runnable {
  /** Reaches the broker once, or throws BROKER_UNREACHABLE. */
  void connect();

  /** Leaves the group cleanly (a scale-in); false if that took longer than `timeout`. */
  boolean stop(Duration timeout) throws InterruptedException;

  static ReplicaLoop create(Options options, Store store, Journal journal, ReplicaState state) {
    RecordHandler records = new RecordHandler(options, store, journal, state);
    Membership membership = new Membership(journal, state, options.topic);
    return options.groupProtocol.equals("share")
        ? new ShareConsumerLoop(options, records, membership, state)
        : new ConsumerLoop(options, records, membership, state);
  }
}
