package bench.inventory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Human lines on stderr, prefixed like the Node services; stdout carries only the ready line. */
final class Log {
  private static final Map<String, Long> LAST = new ConcurrentHashMap<>();

  private Log() {}

  static void info(String message) {
    System.err.println("inventory: " + message);
  }

  /** At most once per 10 s per key: a retry loop must not print a line per attempt. */
  static void throttled(String key, String message) {
    long now = System.currentTimeMillis();
    Long last = LAST.get(key);
    if (last != null && now - last < 10_000) return;
    LAST.put(key, now);
    info(message);
  }

  /** Every distinct message of an exception chain, outermost first, as kafkajs's errorChain is joined. */
  static String chain(Throwable error) {
    StringBuilder out = new StringBuilder();
    java.util.Set<String> seen = new java.util.LinkedHashSet<>();
    for (Throwable t = error; t != null && seen.size() < 10; t = t.getCause()) {
      // One line: a JDBC message carries "\n  Position: 38" and the like.
      String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().trim().replaceAll("\\s*\n\\s*", " ");
      if (seen.add(m)) out.append(out.length() == 0 ? "" : ": ").append(m);
      if (t.getCause() == t) break;
    }
    return out.toString();
  }
}
