package bench.inventory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.clients.admin.ShareMemberDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * A share consumer's own assignment, read from the coordinator. KafkaShareConsumer (kafka-clients
 * 4.4) has no rebalance listener, no assignment() and no groupMetadata(), and its metrics count
 * rebalances without naming partitions or the member; the partitions of the records it receives
 * say nothing while it is idle. So this member is found in Admin.describeShareGroups (what
 * `kafka-share-groups --describe --members` shows) by its client id, the replica's name, every
 * POLL_MS and whenever records come from a partition it does not know it owns; each change is
 * journaled as `assigned` (partitions added) or `revoked` (taken out), with the member id and
 * member epoch the coordinator reports. In a share group several members may own one partition
 * at once: owning means "may be given records of it", not "the only consumer of it".
 */
final class ShareAssignment implements AutoCloseable {
  static final long POLL_MS = 500;

  private final Admin admin;
  private final String groupId;
  private final String clientId;
  private final String topic;
  private final Membership membership;
  private final ReplicaState state;
  private volatile boolean running;
  private Thread thread;
  /** This member was found in the group since it joined (or since it was last missing). */
  private boolean found;

  ShareAssignment(Options options, String clientId, Membership membership, ReplicaState state) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", options.brokers));
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-admin");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    this.admin = Admin.create(p);
    this.groupId = options.groupId;
    this.clientId = clientId;
    this.topic = options.topic;
    this.membership = membership;
    this.state = state;
  }

  /** The topic names, or the admin's error: how the share loop reaches the broker (it has no listTopics). */
  boolean topicExists(Duration timeout) throws Exception {
    return admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS).contains(topic);
  }

  void start() {
    running = true;
    thread = new Thread(() -> {
      while (running) {
        refresh();
        try {
          Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "share-assignment");
    thread.setDaemon(true);
    thread.start();
  }

  /** Stops looking before the member leaves, so leaving is told by the `stop` line alone. */
  void stop() {
    running = false;
    Thread t = thread;
    if (t == null) return;
    t.interrupt();
    try {
      t.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** On the poll thread: records from a partition not (yet) known as owned are journaled after the `assigned` line. */
  void beforeRecordsFrom(Collection<TopicPartition> partitions) {
    for (TopicPartition tp : partitions) {
      if (!membership.owns(tp.partition())) {
        refresh();
        return;
      }
    }
  }

  /** One read of the group; a failed read changes nothing (the next one tries again). */
  synchronized void refresh() {
    ShareGroupDescription group;
    try {
      group = admin.describeShareGroups(List.of(groupId)).describedGroups().get(groupId).get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (Exception e) {
      Log.throttled("share-assignment", "cannot read share group " + groupId + " to learn this member's assignment: " + Log.chain(e));
      return;
    }
    long at = System.currentTimeMillis();
    List<ShareMemberDescription> mine = new ArrayList<>();
    for (ShareMemberDescription m : group.members()) if (m.clientId().equals(clientId)) mine.add(m);
    if (mine.size() > 1) {
      Log.throttled("share-assignment", mine.size() + " members of share group " + groupId + " have client id " + clientId
          + ": this replica cannot tell which one it is (give each replica its own --name)");
      return;
    }
    if (mine.isEmpty()) {
      // Gone from the group while running: its session expired (it is fenced and will rejoin).
      if (found && running) membership.lost(membership.owned(), at, true);
      found = false;
      return;
    }
    ShareMemberDescription me = mine.get(0);
    state.memberId = me.consumerId();
    state.generationId = me.memberEpoch();
    TreeSet<Integer> now = new TreeSet<>();
    for (TopicPartition tp : me.assignment().topicPartitions()) if (tp.topic().equals(topic)) now.add(tp.partition());
    List<Integer> owned = membership.owned();
    List<Integer> removed = owned.stream().filter(p -> !now.contains(p)).toList();
    List<Integer> added = now.stream().filter(p -> !owned.contains(p)).toList();
    if (!removed.isEmpty()) membership.revoked(removed, at, true);
    // A member is first seen with no partitions until the coordinator's next assignment (its
    // assignment interval): `assigned` waits for partitions, so its durationMs runs from the join.
    if (!added.isEmpty()) membership.assigned(added, at);
    found = true;
  }

  @Override
  public void close() {
    stop();
    admin.close(Duration.ofSeconds(5));
  }
}
