package bench.inventory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * This member's group steps, as both loops journal them (services/inventory/membership.ts): the
 * partitions it owns, the `rebalance` lines with `owned` after each step, /stats' assignment and
 * rebalances, and the `partitions assigned: [...]` line the lab's Spring app prints. A consumer
 * group's steps come from its rebalance listener, a share group's from the coordinator
 * (ShareAssignment). `memberId` and `generationId` are read from ReplicaState at each step.
 */
final class Membership {
  private final Journal journal;
  private final ReplicaState state;
  private final String topic;
  private final TreeSet<Integer> owned = new TreeSet<>();
  /** When this member last noticed a rebalance (join or revoked) since its latest `assigned`. */
  private Long noticedAt;
  private boolean joined;

  Membership(Journal journal, ReplicaState state, String topic) {
    this.journal = journal;
    this.state = state;
    this.topic = topic;
  }

  synchronized List<Integer> owned() {
    return new ArrayList<>(owned);
  }

  synchronized boolean owns(int partition) {
    return owned.contains(partition);
  }

  synchronized void join(long at) {
    noticedAt = at;
    line("join", at, List.of(), null, null);
    joined = true;
  }

  synchronized void assigned(Collection<Integer> added, long at) {
    owned.addAll(added);
    state.setAssignment(owned);
    Long durationMs = noticedAt == null ? null : at - noticedAt;
    noticedAt = null;
    line("assigned", at, added, durationMs, null);
    // The lab's Spring app prints this line; an idle replica shows `partitions assigned: []`.
    boolean incremental = owned.size() != new TreeSet<>(added).size();
    Log.info("partitions assigned: " + names(added) + (incremental ? " (owned: " + names(owned) + ")" : ""));
  }

  /** `said` false: inside the leave, where the `stop` line tells what was given up. */
  synchronized void revoked(Collection<Integer> removed, long at, boolean said) {
    owned.removeAll(removed);
    state.setAssignment(owned);
    if (!said) return;
    noticedAt = at;
    line("revoked", at, removed, null, null);
    Log.info("partitions revoked: " + names(removed));
  }

  synchronized void lost(Collection<Integer> removed, long at, boolean said) {
    owned.removeAll(removed);
    state.setAssignment(owned);
    if (!said) return;
    line("lost", at, removed, null, null);
    Log.info("partitions lost: " + names(removed));
  }

  /** The clean leave; `had`: what the member owned before it began to leave. Nothing if it never joined. */
  synchronized void stop(long at, Collection<Integer> had) {
    owned.clear();
    state.setAssignment(owned);
    if (joined) line("stop", at, had, null, null);
  }

  synchronized void crash(long at, String reason) {
    List<Integer> had = new ArrayList<>(owned);
    owned.clear();
    state.setAssignment(owned);
    line("crash", at, had, null, reason);
  }

  String names(Collection<Integer> partitions) {
    List<String> names = new ArrayList<>();
    for (int p : new TreeSet<>(partitions)) names.add(topic + "-" + p);
    return "[" + String.join(", ", names) + "]";
  }

  private void line(String type, long at, Collection<Integer> partitions, Long durationMs, String reason) {
    var line = Journal.rebalance(type, at, state.memberId, state.generationId, partitions, owned, durationMs, reason);
    state.recordRebalance(line);
    journal.write(line);
  }
}
