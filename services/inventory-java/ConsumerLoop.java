package bench.inventory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.consumer.RoundRobinAssignor;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedMemberEpochException;
import org.apache.kafka.common.errors.IllegalGenerationException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.StaleMemberEpochException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One replica's group membership and record processing with kafka-clients: one poll loop on its
 * own thread. Per record: work, store, state, journal line; after each poll's records the
 * offsets commit synchronously (at-least-once), and partitions being revoked get their processed
 * offsets committed before they go, so a cooperative or consumer-protocol handoff redelivers
 * nothing. Every group step is journaled from the rebalance listener.
 */
final class ConsumerLoop implements ReplicaLoop {
  /** Aim for a poll's records to take about this long, so a rebalance never waits for long. */
  private static final double BATCH_BUDGET_MS = 1000;

  private final Options options;
  private final RecordHandler records;
  private final Membership membership;
  private final ReplicaState state;
  private final KafkaConsumer<byte[], byte[]> consumer;
  /**
   * --partitions-concurrently: the partitions of one poll are processed on this many threads at
   * once, each partition in order (kafkajs's partitionsConsumedConcurrently); unlike kafkajs, the
   * next poll waits for all of them. null when 1: everything runs on the poll thread.
   */
  private final ExecutorService workers;
  /** Offsets processed and not yet committed; only the poll thread touches them. */
  private final Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean stopping;
  /** Inside consumer.close(): the revocation that close makes is said by the `stop` line. */
  private boolean closing;

  ConsumerLoop(Options options, RecordHandler records, Membership membership, ReplicaState state) {
    this.options = options;
    this.records = records;
    this.membership = membership;
    this.state = state;
    this.consumer = new KafkaConsumer<>(config(options, state.replica));
    this.workers = options.partitionsConcurrently > 1 ? Executors.newFixedThreadPool(options.partitionsConcurrently, r -> {
      Thread t = new Thread(r, "partition-worker");
      t.setDaemon(true);
      return t;
    }) : null;
  }

  static Properties config(Options o, String clientId) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", o.brokers));
    p.put(ConsumerConfig.GROUP_ID_CONFIG, o.groupId);
    // The replica's name as client id: kafka-consumer-groups then says which replica owns what.
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    // Static membership: the same name is the same member across a restart. Closing, such a
    // member does not leave (classic: no LeaveGroup; consumer protocol: epoch -2), so the
    // coordinator keeps its partitions for it until its session times out.
    if (o.staticMembership) p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, clientId);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, o.fromBeginning ? "earliest" : "latest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, String.valueOf(o.metadataMaxAgeMs));
    p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, String.valueOf(o.rebalanceTimeoutMs));
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(maxPollRecords(o)));
    if (o.groupProtocol.equals("consumer")) {
      // KIP-848: the broker assigns and sets the session timeout and heartbeat interval.
      p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
      p.put(ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, o.assignor);
    } else {
      p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
      Class<?> assignor = switch (o.assignor) {
        case "roundrobin" -> RoundRobinAssignor.class;
        case "cooperative-sticky" -> CooperativeStickyAssignor.class;
        default -> RangeAssignor.class;
      };
      p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, assignor.getName());
      p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(o.sessionTimeoutMs));
      p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, String.valueOf(o.heartbeatIntervalMs));
    }
    return p;
  }

  /** --max-poll-records, else a poll's records take about BATCH_BUDGET_MS, so a rebalance never waits for long. */
  static int maxPollRecords(Options o) {
    if (o.maxPollRecords != null) return o.maxPollRecords;
    return o.workMs <= 0 ? 500 : (int) Math.max(1, Math.min(500, Math.floor(BATCH_BUDGET_MS * o.partitionsConcurrently / o.workMs)));
  }

  /** Reaches the broker once (metadata), or explains in one line that it is not there. */
  @Override
  public void connect() {
    try {
      consumer.listTopics(Duration.ofSeconds(15));
    } catch (KafkaException e) {
      consumer.close(CloseOptions.timeout(Duration.ZERO));
      throw new ReplicaError("BROKER_UNREACHABLE", "cannot reach the broker at " + String.join(",", options.brokers) + ": " + Log.chain(e),
          "start a broker first (`npm run broker -- start`, or the whole lab with `npm run lab -- start`) or pass --brokers / KAFKA_BROKERS", e);
    }
  }

  @Override
  public boolean stop(Duration timeout) throws InterruptedException {
    stopping = true;
    consumer.wakeup();
    return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void run() {
    try {
      if (waitForTopic()) {
        refreshMembership();
        membership.join(System.currentTimeMillis());
        consumer.subscribe(List.of(options.topic), new Listener());
        while (!stopping) {
          ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofSeconds(1));
          refreshMembership();
          if (!records.isEmpty()) process(records);
          commitPending();
        }
      }
    } catch (WakeupException e) {
      // stop() woke the consumer: leave below
    } catch (Throwable e) {
      if (!stopping) crash(e);
    }
    leave();
  }

  /** Subscribing to a missing topic would wait silently; say it once, as the kafkajs replica does. */
  private boolean waitForTopic() {
    boolean logged = false;
    while (!stopping) {
      try {
        if (consumer.listTopics(Duration.ofSeconds(5)).containsKey(options.topic)) return true;
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        // the broker is slow or away; look again
      }
      if (!logged) Log.info("topic \"" + options.topic + "\" does not exist yet; waiting for it");
      logged = true;
      pause(1000);
    }
    return false;
  }

  private void process(ConsumerRecords<byte[], byte[]> records) throws Exception {
    List<Outcome> outcomes = new ArrayList<>();
    if (workers == null || records.partitions().size() == 1) {
      for (TopicPartition tp : records.partitions()) outcomes.add(processPartition(tp, records.records(tp)));
    } else {
      List<Future<Outcome>> futures = new ArrayList<>();
      for (TopicPartition tp : records.partitions()) futures.add(workers.submit(() -> processPartition(tp, records.records(tp))));
      for (Future<Outcome> f : futures) {
        try {
          outcomes.add(f.get());
        } catch (ExecutionException e) {
          throw e.getCause() instanceof Exception cause ? cause : e;
        }
      }
    }
    boolean failed = false;
    for (Outcome o : outcomes) {
      if (o.next >= 0) pending.put(o.tp, new OffsetAndMetadata(o.next));
      if (o.failedAt >= 0) {
        // The next poll fetches from the failed record again; its offset is not committed.
        consumer.seek(o.tp, o.failedAt);
        failed = true;
      }
    }
    if (failed) pause(1000);
  }

  private record Outcome(TopicPartition tp, long next, long failedAt) {}

  private Outcome processPartition(TopicPartition tp, List<ConsumerRecord<byte[], byte[]>> records) {
    long next = -1;
    for (ConsumerRecord<byte[], byte[]> record : records) {
      if (stopping) break;
      int partition = record.partition();
      long offset = record.offset();
      try {
        this.records.handle(partition, offset, record.value(), null);
      } catch (Exception e) {
        Log.throttled("processing", "processing failed, retrying from partition " + partition + " offset " + offset + ": " + Log.chain(e));
        return new Outcome(tp, next, offset);
      }
      next = offset + 1;
    }
    return new Outcome(tp, next, -1);
  }

  /** Commits what the last poll processed. Group trouble is not fatal: the records are redelivered. */
  private void commitPending() {
    if (pending.isEmpty()) return;
    try {
      consumer.commitSync(new HashMap<>(pending));
      pending.clear();
    } catch (RebalanceInProgressException e) {
      // Kept: the revocation in the coming poll commits them for the partitions that leave.
    } catch (CommitFailedException | UnknownMemberIdException | IllegalGenerationException | StaleMemberEpochException | FencedMemberEpochException e) {
      Log.throttled("commit", "commit failed, the records will be redelivered: " + Log.chain(e));
      pending.clear();
    } catch (RetriableException e) {
      Log.throttled("commit", "commit failed, retrying after the next poll: " + Log.chain(e));
    }
  }

  /** In the revocation callback: the next owner starts right after what this member processed. */
  private void commitRevoked(Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> leaving = new HashMap<>();
    for (TopicPartition tp : partitions) {
      OffsetAndMetadata offset = pending.remove(tp);
      if (offset != null) leaving.put(tp, offset);
    }
    if (leaving.isEmpty()) return;
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        consumer.commitSync(leaving);
        return;
      } catch (WakeupException e) {
        // stop() asked to wake the poll; the commit still matters, so once more
      } catch (KafkaException e) {
        Log.throttled("commit", "commit of revoked partitions failed, the next owner gets some records again: " + Log.chain(e));
        return;
      }
    }
  }

  private final class Listener implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      long at = System.currentTimeMillis();
      commitRevoked(partitions);
      if (!closing) refreshMembership();
      membership.revoked(numbers(partitions), at, !closing);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      long at = System.currentTimeMillis();
      refreshMembership();
      membership.assigned(numbers(partitions), at);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      long at = System.currentTimeMillis();
      for (TopicPartition tp : partitions) pending.remove(tp);
      if (!closing) refreshMembership();
      membership.lost(numbers(partitions), at, !closing);
    }
  }

  /** A clean leave: commit, LeaveGroup (close), then the `stop` line with what this member gave up. */
  private void leave() {
    List<Integer> had = membership.owned();
    try {
      commitPending();
    } catch (WakeupException e) {
      commitPending();
    } catch (KafkaException e) {
      Log.info("last commit failed: " + Log.chain(e));
    }
    closing = true;
    try {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(10)));
    } catch (Exception e) {
      Log.info("closing the consumer failed: " + Log.chain(e));
    }
    // A replica stopped while it waited for the topic never joined: nothing to say.
    membership.stop(System.currentTimeMillis(), had);
    if (workers != null) workers.shutdownNow();
    finished.countDown();
  }

  private void crash(Throwable e) {
    String reason = Log.chain(e);
    membership.crash(System.currentTimeMillis(), reason);
    Log.info("error: " + reason + "; the consumer stopped for good, exiting");
    System.exit(1);
  }

  private void refreshMembership() {
    try {
      ConsumerGroupMetadata m = consumer.groupMetadata();
      state.memberId = m.memberId();
      state.generationId = m.generationId() >= 0 ? m.generationId() : null;
    } catch (RuntimeException ignored) {
      // closed or not in a group yet: keep what we knew
    }
  }

  private void pause(long ms) {
    long end = System.nanoTime() + ms * 1_000_000;
    while (!stopping && System.nanoTime() < end) LockSupport.parkNanos(50_000_000);
  }

  private static List<Integer> numbers(Collection<TopicPartition> partitions) {
    return partitions.stream().map(TopicPartition::partition).sorted().toList();
  }
}
