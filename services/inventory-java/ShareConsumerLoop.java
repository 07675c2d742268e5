package bench.inventory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One member of a share group (KIP-932) with kafka-clients' KafkaShareConsumer: records are
 * acquired, not owned by offset, and several members may be given records of one partition.
 * Per record: work, store, state, journal line (with its delivery count), then its
 * acknowledgement. `implicit`: the next poll (or the commit before close) accepts the whole
 * batch, so a batch is always finished before the member leaves; a record whose processing
 * fails is retried in place. `explicit`: each record is ACCEPTed once processed, a poison
 * record REJECTed (archived, never redelivered), and a record whose processing failed RELEASEd
 * with the rest of its partition's records of that poll (redelivered, to any member, with its
 * delivery count raised). The acknowledgements travel with the next poll.
 */
final class ShareConsumerLoop implements ReplicaLoop {
  private final Options options;
  private final RecordHandler records;
  private final Membership membership;
  private final ShareAssignment assignment;
  private final KafkaShareConsumer<byte[], byte[]> consumer;
  private final boolean explicit;
  /** --partitions-concurrently: as in ConsumerLoop; acknowledgements are made on the poll thread after. */
  private final ExecutorService workers;
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean stopping;
  /** Implicit mode: a batch left unfinished (stopping while a record kept failing): close releases it, nothing accepts it. */
  private volatile boolean abandoned;

  ShareConsumerLoop(Options options, RecordHandler records, Membership membership, ReplicaState state) {
    this.options = options;
    this.records = records;
    this.membership = membership;
    this.explicit = options.shareAckMode.equals("explicit");
    this.assignment = new ShareAssignment(options, state.replica, membership, state);
    this.consumer = new KafkaShareConsumer<>(config(options, state.replica));
    this.consumer.setAcknowledgementCommitCallback((offsets, error) -> {
      if (error == null) return;
      int n = offsets.values().stream().mapToInt(java.util.Set::size).sum();
      Log.throttled("acknowledge", "the broker refused the acknowledgement of " + n + " records (their lock may have expired: they are "
          + "delivered again): " + Log.chain(error));
    });
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
    // The replica's name as client id: kafka-share-groups shows it, and ShareAssignment finds this member by it.
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, String.valueOf(o.metadataMaxAgeMs));
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(ConsumerLoop.maxPollRecords(o)));
    p.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, o.shareAckMode);
    p.put(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, o.shareAcquireMode);
    return p;
  }

  @Override
  public void connect() {
    try {
      assignment.topicExists(Duration.ofSeconds(15));
    } catch (Exception e) {
      consumer.close(Duration.ZERO);
      assignment.close();
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
        membership.join(System.currentTimeMillis());
        consumer.subscribe(List.of(options.topic));
        assignment.start();
        while (!stopping) {
          ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofSeconds(1));
          if (!batch.isEmpty()) process(batch);
        }
      }
    } catch (WakeupException e) {
      // stop() woke the consumer: leave below
    } catch (Throwable e) {
      if (!stopping) crash(e);
    }
    leave();
  }

  private boolean waitForTopic() {
    boolean logged = false;
    while (!stopping) {
      try {
        if (assignment.topicExists(Duration.ofSeconds(5))) return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (Exception e) {
        // the broker is slow or away; look again
      }
      if (!logged) Log.info("topic \"" + options.topic + "\" does not exist yet; waiting for it");
      logged = true;
      pause(1000);
    }
    return false;
  }

  private void process(ConsumerRecords<byte[], byte[]> batch) throws Exception {
    assignment.beforeRecordsFrom(batch.partitions());
    List<TopicPartition> partitions = new ArrayList<>(batch.partitions());
    List<List<AcknowledgeType>> acks = new ArrayList<>();
    if (workers == null || partitions.size() == 1) {
      for (TopicPartition tp : partitions) acks.add(processPartition(batch.records(tp)));
    } else {
      List<Future<List<AcknowledgeType>>> futures = new ArrayList<>();
      for (TopicPartition tp : partitions) futures.add(workers.submit(() -> processPartition(batch.records(tp))));
      for (Future<List<AcknowledgeType>> f : futures) {
        try {
          acks.add(f.get());
        } catch (ExecutionException e) {
          throw e.getCause() instanceof Exception cause ? cause : e;
        }
      }
    }
    boolean released = false;
    for (int i = 0; i < partitions.size(); i++) {
      List<ConsumerRecord<byte[], byte[]>> list = batch.records(partitions.get(i));
      List<AcknowledgeType> types = acks.get(i);
      for (int j = 0; j < types.size(); j++) {
        // KafkaShareConsumer is single-threaded: acknowledgements are made here, on the poll thread.
        if (explicit) consumer.acknowledge(list.get(j), types.get(j));
        released |= types.get(j) == AcknowledgeType.RELEASE;
      }
    }
    if (released && !stopping) pause(1000);
  }

  /** One partition's records of a poll, in order: what each one's acknowledgement is (implicit mode: ACCEPT or REJECT, never sent). */
  private List<AcknowledgeType> processPartition(List<ConsumerRecord<byte[], byte[]>> list) {
    List<AcknowledgeType> acks = new ArrayList<>();
    boolean failed = false;
    for (ConsumerRecord<byte[], byte[]> record : list) {
      // Explicit: what is left when stopping (or after a failure) goes back at once. Implicit: the batch is finished.
      if (explicit && (failed || stopping)) {
        acks.add(AcknowledgeType.RELEASE);
        continue;
      }
      AcknowledgeType ack = handle(record);
      if (ack == null) return acks; // implicit, abandoned while stopping
      failed = ack == AcknowledgeType.RELEASE;
      acks.add(ack);
    }
    return acks;
  }

  /** null: implicit mode gave up on a failing record because the member is stopping. */
  private AcknowledgeType handle(ConsumerRecord<byte[], byte[]> record) {
    int partition = record.partition();
    long offset = record.offset();
    Integer deliveryCount = record.deliveryCount().map(Short::intValue).orElse(null);
    for (;;) {
      try {
        return records.handle(partition, offset, record.value(), deliveryCount) == RecordHandler.Outcome.POISON ? AcknowledgeType.REJECT
            : AcknowledgeType.ACCEPT;
      } catch (Exception e) {
        String where = "partition " + partition + " offset " + offset + " (delivery " + deliveryCount + ")";
        if (explicit) {
          Log.throttled("processing", "processing failed at " + where + ", released for redelivery with the rest of the poll's records of "
              + "its partition: " + Log.chain(e));
          return AcknowledgeType.RELEASE;
        }
        Log.throttled("processing", "processing failed at " + where + ", retrying: " + Log.chain(e));
        if (stopping) {
          abandoned = true;
          return null;
        }
        pause(1000);
      }
    }
  }

  /**
   * A clean leave: acknowledgements sent (implicit: the last batch accepted; explicit: what was
   * acknowledged), then close (ShareGroupHeartbeat leave; what is still acquired is released),
   * then the `stop` line with the partitions this member had.
   */
  private void leave() {
    List<Integer> had = membership.owned();
    assignment.stop();
    if (!abandoned) {
      for (int attempt = 0; attempt < 2; attempt++) {
        try {
          consumer.commitSync(Duration.ofSeconds(5));
          break;
        } catch (WakeupException e) {
          // stop() asked to wake the poll; the acknowledgements still matter, so once more
        } catch (KafkaException e) {
          Log.info("last acknowledgement failed, those records are delivered again: " + Log.chain(e));
          break;
        }
      }
    }
    try {
      consumer.close(Duration.ofSeconds(10));
    } catch (Exception e) {
      Log.info("closing the share consumer failed: " + Log.chain(e));
    }
    membership.stop(System.currentTimeMillis(), had);
    assignment.close();
    if (workers != null) workers.shutdownNow();
    finished.countDown();
  }

  private void crash(Throwable e) {
    String reason = Log.chain(e);
    membership.crash(System.currentTimeMillis(), reason);
    Log.info("error: " + reason + "; the share consumer stopped for good, exiting");
    System.exit(1);
  }

  private void pause(long ms) {
    long end = System.nanoTime() + ms * 1_000_000;
    while (!stopping && System.nanoTime() < end) LockSupport.parkNanos(50_000_000);
  }
}
