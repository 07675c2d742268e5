package bench.inventory;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The replica's live counters and group membership (services/inventory/replica-state.ts):
 * GET /stats answers with the same fields. Partition workers and HTTP threads share it.
 */
final class ReplicaState {
  /** Remembering every orderId forever would grow without bound; redeliveries are recent ones. */
  private static final int SEEN_WINDOW = 1_000_000;
  private static final int REBALANCES_KEPT = 1_000;

  final String groupId;
  final String topic;
  volatile String replica = "";
  volatile String memberId = "";
  volatile Integer generationId = null;
  private TreeSet<Integer> assignment = new TreeSet<>();
  private long total;
  private final Map<Integer, Long> byPartition = new TreeMap<>();
  private final Map<Integer, Long> lastOffset = new TreeMap<>();
  private final ArrayDeque<ObjectNode> rebalances = new ArrayDeque<>();
  private long poisonSkipped;
  private long duplicatesSeen;
  private final SeenWindow seen = new SeenWindow(SEEN_WINDOW);

  ReplicaState(String groupId, String topic) {
    this.groupId = groupId;
    this.topic = topic;
  }

  synchronized void setAssignment(Collection<Integer> partitions) {
    assignment = new TreeSet<>(partitions);
  }

  synchronized void recordOrder(String orderId, int partition, long offset) {
    total++;
    byPartition.merge(partition, 1L, Long::sum);
    lastOffset.put(partition, offset);
    if (seen.seenOrAdd(orderId)) duplicatesSeen++;
  }

  synchronized void recordPoison(int partition, long offset) {
    poisonSkipped++;
    lastOffset.put(partition, offset);
  }

  synchronized void recordRebalance(ObjectNode line) {
    rebalances.addLast(line);
    if (rebalances.size() > REBALANCES_KEPT) rebalances.removeFirst();
  }

  synchronized ObjectNode snapshot(ObjectNode storeStats) {
    ObjectNode out = Json.object();
    out.put("replica", replica);
    out.put("pid", ProcessHandle.current().pid());
    out.put("groupId", groupId);
    out.put("topic", topic);
    out.put("memberId", memberId);
    Integer generation = generationId;
    if (generation == null) out.putNull("generationId");
    else out.put("generationId", generation);
    out.set("assignment", Json.partitions(assignment));
    ObjectNode processed = out.putObject("processed");
    processed.put("total", total);
    ObjectNode perPartition = processed.putObject("byPartition");
    byPartition.forEach((p, n) -> perPartition.put(String.valueOf(p), n));
    ObjectNode offsets = out.putObject("lastOffset");
    lastOffset.forEach((p, o) -> offsets.put(String.valueOf(p), String.valueOf(o)));
    ArrayNode lines = out.putArray("rebalances");
    rebalances.forEach(lines::add);
    out.put("poisonSkipped", poisonSkipped);
    out.put("duplicatesSeen", duplicatesSeen);
    out.set("store", storeStats);
    return out;
  }
}
