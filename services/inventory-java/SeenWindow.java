package bench.inventory;

import java.nio.charset.StandardCharsets;

/**
 * The last `capacity` orderIds, to count redeliveries. A Set<String> of a million ids would cost
 * a JVM some 100 MB; this keeps 64-bit hashes in two long arrays that grow as ids arrive (a
 * false duplicate needs a 64-bit collision among a million ids: about 1 in 30 million runs).
 */
final class SeenWindow {
  private static final long EMPTY = 0L;
  private final int capacity;
  private long[] ring = new long[1024];
  private int ringStart;
  private int size;
  private long[] table = new long[2048];

  SeenWindow(int capacity) {
    this.capacity = capacity;
  }

  /** true if the id was already in the window; else adds it (dropping the oldest if full). */
  boolean seenOrAdd(String id) {
    long h = hash(id);
    if (contains(h)) return true;
    if (size == capacity) {
      remove(ring[ringStart]);
      ringStart = (ringStart + 1) % ring.length;
      size--;
    }
    if (size == ring.length) growRing();
    ring[(ringStart + size) % ring.length] = h;
    size++;
    if ((size + 1) * 2 > table.length) rehash(table.length * 2);
    insert(h);
    return false;
  }

  private boolean contains(long h) {
    int mask = table.length - 1;
    for (int i = slot(h, mask); table[i] != EMPTY; i = (i + 1) & mask) if (table[i] == h) return true;
    return false;
  }

  private void insert(long h) {
    int mask = table.length - 1;
    int i = slot(h, mask);
    while (table[i] != EMPTY) i = (i + 1) & mask;
    table[i] = h;
  }

  /** Linear probing with backward-shift deletion: no tombstones to pile up. */
  private void remove(long h) {
    int mask = table.length - 1;
    int i = slot(h, mask);
    while (table[i] != h) {
      if (table[i] == EMPTY) return;
      i = (i + 1) & mask;
    }
    for (int j = (i + 1) & mask; table[j] != EMPTY; j = (j + 1) & mask) {
      int home = slot(table[j], mask);
      // Move table[j] into the hole at i unless its home lies cyclically in (i, j].
      boolean stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
      if (!stays) {
        table[i] = table[j];
        i = j;
      }
    }
    table[i] = EMPTY;
  }

  private void growRing() {
    long[] bigger = new long[Math.min(capacity, ring.length * 2)];
    for (int k = 0; k < size; k++) bigger[k] = ring[(ringStart + k) % ring.length];
    ring = bigger;
    ringStart = 0;
  }

  private void rehash(int length) {
    long[] old = table;
    table = new long[length];
    for (long h : old) if (h != EMPTY) insert(h);
  }

  private static int slot(long h, int mask) {
    return (int) (h ^ (h >>> 32)) & mask;
  }

  /** FNV-1a over the UTF-8 bytes, then a 64-bit finalizer; never 0 (the empty slot). */
  static long hash(String id) {
    long h = 0xcbf29ce484222325L;
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) h = (h ^ (b & 0xff)) * 0x100000001b3L;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h == EMPTY ? 1 : h;
  }
}
