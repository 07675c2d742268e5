package bench.inventory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * The replica journal, version 2 (harness/model/journal.ts): NDJSON, one write(2) per line
 * straight to the file, unbuffered, so a line is in the kernel before its offset commits and
 * survives a SIGKILL (not a machine crash: there is no fsync per line).
 */
final class Journal implements AutoCloseable {
  static final int VERSION = 2;
  private FileOutputStream out;

  private Journal(FileOutputStream out) {
    this.out = out;
  }

  /** `path` null: a journal that writes nothing. */
  static Journal open(String path, String replica, String groupProtocol, String assignor) {
    if (path == null) return new Journal(null);
    FileOutputStream out;
    try {
      out = new FileOutputStream(path, true);
    } catch (IOException e) {
      throw new ReplicaError("BAD_ARGUMENT", "--journal: cannot open " + path + " for appending (" + e.getMessage() + ")",
          "point --journal at a writable file; its folder must exist");
    }
    Journal journal = new Journal(out);
    ObjectNode header = Json.object();
    header.put("k", "journal");
    header.put("v", VERSION);
    header.put("replica", replica);
    header.put("client", "java");
    header.put("groupProtocol", groupProtocol);
    header.put("assignor", assignor);
    header.put("pid", ProcessHandle.current().pid());
    header.put("at", System.currentTimeMillis());
    journal.write(header);
    return journal;
  }

  synchronized void write(ObjectNode line) {
    if (out == null) return;
    try {
      out.write((Json.text(line) + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the journal: " + e.getMessage(), e);
    }
  }

  /** `deliveryCount` (a share group's, journal field `dc`) is left out when null. */
  static ObjectNode order(OrderPlaced order, int partition, long offset, String member, Integer deliveryCount) {
    ObjectNode line = Json.object();
    line.put("k", "order");
    line.put("orderId", order.orderId());
    line.put("partition", partition);
    line.put("offset", String.valueOf(offset));
    line.set("createdAt", order.createdAt());
    line.put("processedAt", System.currentTimeMillis());
    line.put("member", member);
    line.put("productId", order.productId());
    line.put("qty", order.qty());
    if (deliveryCount != null) line.put("dc", deliveryCount);
    return line;
  }

  static ObjectNode poison(int partition, long offset, String reason, Integer deliveryCount) {
    ObjectNode line = Json.object();
    line.put("k", "poison");
    line.put("partition", partition);
    line.put("offset", String.valueOf(offset));
    line.put("reason", reason);
    line.put("at", System.currentTimeMillis());
    if (deliveryCount != null) line.put("dc", deliveryCount);
    return line;
  }

  /** `reason` only on crash; null generation and duration are written as null. */
  static ObjectNode rebalance(String type, long at, String memberId, Integer generationId, Collection<Integer> partitions,
      Collection<Integer> owned, Long durationMs, String reason) {
    ObjectNode line = Json.object();
    line.put("k", "rebalance");
    line.put("type", type);
    line.put("at", at);
    line.put("memberId", memberId);
    if (generationId == null) line.putNull("generationId");
    else line.put("generationId", generationId);
    line.set("partitions", Json.partitions(partitions));
    line.set("owned", Json.partitions(owned));
    if (durationMs == null) line.putNull("durationMs");
    else line.put("durationMs", durationMs);
    if (reason != null) line.put("reason", reason);
    return line;
  }

  @Override
  public synchronized void close() {
    if (out == null) return;
    try {
      out.close();
    } catch (IOException ignored) {
      // every line is already written; nothing is lost
    }
    out = null;
  }
}
