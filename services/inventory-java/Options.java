package bench.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The replica's flags: the same names, defaults, ranges and words as
 * services/inventory/options.ts, so the harness starts either client with one argument list.
 * Every problem is collected and reported at once on one line (exit 2). Flags may also come
 * from INVENTORY_<FLAG> environment variables, as with yargs' .env('INVENTORY').
 */
final class Options {
  static final List<String> ASSIGNORS = List.of("range", "roundrobin", "cooperative-sticky", "uniform", "simple");
  static final List<String> CLASSIC_ASSIGNORS = List.of("range", "roundrobin", "cooperative-sticky");
  static final List<String> CONSUMER_ASSIGNORS = List.of("uniform", "range");
  /** A share group's assignment is the broker's (group.share.assignors, `simple`). */
  static final List<String> SHARE_ASSIGNORS = List.of("simple");
  static final List<String> GROUP_PROTOCOLS = List.of("classic", "consumer", "share");

  String groupProtocol;
  String assignor;
  int port;
  String host;
  /** null: `inventory-<actual port>`. */
  String name;
  List<String> brokers;
  String topic;
  String groupId;
  String store;
  String pgUrl;
  String pgTable;
  double workMs;
  String workMode;
  int partitionsConcurrently;
  int metadataMaxAgeMs;
  int sessionTimeoutMs;
  int heartbeatIntervalMs;
  int rebalanceTimeoutMs;
  boolean fromBeginning;
  /** group.instance.id = --name (KIP-345): a restarted replica comes back as the same member. */
  boolean staticMembership;
  /** null: the loop's own choice (ConsumerLoop.maxPollRecords). */
  Integer maxPollRecords;
  /** Share groups only: `implicit` or `explicit` (share.acknowledgement.mode). */
  String shareAckMode;
  /** Share groups only: `batch_optimized` or `record_limit` (share.acquire.mode). */
  String shareAcquireMode;
  String journal;
  boolean exitWithStdin;
  boolean help;

  /** flag -> default (null: no default; the value stays absent unless given). */
  private static final Map<String, String> FLAGS = new LinkedHashMap<>();

  static {
    FLAGS.put("client", "java");
    FLAGS.put("group-protocol", "classic");
    FLAGS.put("assignor", null);
    FLAGS.put("port", "8082");
    FLAGS.put("host", "127.0.0.1");
    FLAGS.put("name", null);
    FLAGS.put("brokers", null);
    FLAGS.put("topic", "labshoppubsub");
    FLAGS.put("group", "inventory");
    FLAGS.put("store", "memory");
    FLAGS.put("pg-url", "postgres://postgres@127.0.0.1:5432/test");
    FLAGS.put("pg-table", "inventory");
    FLAGS.put("work-ms", "0");
    FLAGS.put("work-mode", "sleep");
    FLAGS.put("partitions-concurrently", "1");
    FLAGS.put("metadata-max-age-ms", "300000");
    FLAGS.put("session-timeout-ms", null);
    FLAGS.put("heartbeat-interval-ms", null);
    FLAGS.put("rebalance-timeout-ms", "60000");
    FLAGS.put("from-beginning", "true");
    FLAGS.put("static-membership", "false");
    FLAGS.put("max-poll-records", null);
    FLAGS.put("share-ack-mode", "implicit");
    FLAGS.put("share-acquire-mode", "batch_optimized");
    FLAGS.put("journal", null);
  }

  private static final List<String> BOOLEAN_FLAGS = List.of("from-beginning", "static-membership");
  private static final String SESSION_TIMEOUT_DEFAULT = "30000";
  private static final String HEARTBEAT_DEFAULT = "3000";
  private static final Pattern HOST_PORT = Pattern.compile("^[A-Za-z0-9._-]+:\\d{1,5}$");

  static final String USAGE = String.join("\n",
      "java bench.inventory.InventoryReplica [flags]   (normally started by harness/clients/java/launch.ts)",
      "  --port 8082                 HTTP port (0 picks a free one)",
      "  --host 127.0.0.1            HTTP interface to listen on",
      "  --name NAME                 replica name in /stats and the consumer's client.id (default inventory-<port>)",
      "  --brokers HOST:PORT,...     bootstrap servers (default: KAFKA_BROKERS or 127.0.0.1:9092)",
      "  --topic labshoppubsub       topic with the OrderPlaced events",
      "  --group inventory           consumer group id",
      "  --group-protocol classic    classic | consumer (KIP-848) | share (KIP-932, a KafkaShareConsumer)",
      "  --assignor NAME             classic: range | roundrobin | cooperative-sticky; consumer: uniform | range; share: simple",
      "  --store memory              memory | postgres",
      "  --pg-url URL --pg-table T   Postgres connection string and stock table for --store postgres",
      "  --work-ms 0 --work-mode sleep   processing time per order (fractions allowed); sleep | busy",
      "  --partitions-concurrently 1 partitions of one poll processed at once",
      "  --metadata-max-age-ms 300000 --session-timeout-ms 30000 --heartbeat-interval-ms 3000 --rebalance-timeout-ms 60000",
      "  --from-beginning / --no-from-beginning   where a group without committed offsets starts",
      "  --static-membership         group.instance.id = --name (static membership, both protocols)",
      "  --from-beginning / --no-from-beginning   where a group without committed offsets starts (not share: the group's share.auto.offset.reset)",
      "  --max-poll-records N        records per poll (default: about 1 s of --work-ms, at most 500)",
      "  --share-ack-mode implicit   share: implicit (the next poll accepts the batch) | explicit (ACCEPT each, REJECT poison, RELEASE on failure)",
      "  --share-acquire-mode batch_optimized   share: batch_optimized | record_limit (acquire at most --max-poll-records)",
      "  --journal FILE              append the NDJSON journal (v2) to FILE",
      "  --exit-with-stdin           exit at once when stdin closes (the parent process is gone)",
      "Flags may also come from INVENTORY_<FLAG> environment variables.");

  static Options parse(String[] argv, Map<String, String> env) {
    Problems p = new Problems();
    Map<String, List<String>> given = new LinkedHashMap<>();
    boolean exitWithStdin = false;
    boolean help = false;
    for (int i = 0; i < argv.length; i++) {
      String arg = argv[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        help = true;
        continue;
      }
      if (arg.equals("--exit-with-stdin")) {
        exitWithStdin = true;
        continue;
      }
      if (!arg.startsWith("--") || arg.length() == 2) {
        p.say(arg, "unexpected argument " + Problems.quote(arg) + " (flags start with --)");
        continue;
      }
      String flag = arg.substring(2);
      String value = null;
      int eq = flag.indexOf('=');
      if (eq >= 0) {
        value = flag.substring(eq + 1);
        flag = flag.substring(0, eq);
      }
      String named = flag;
      String bool = BOOLEAN_FLAGS.stream().filter(b -> named.equals(b) || named.equals("no-" + b)).findFirst().orElse(null);
      if (bool != null) {
        // A boolean flag, as yargs reads it: bare means true, --no-x means false.
        String v = value == null ? "true" : value;
        if (flag.startsWith("no-")) v = v.equals("true") ? "false" : v.equals("false") ? "true" : v;
        given.computeIfAbsent(bool, k -> new ArrayList<>()).add(v);
        continue;
      }
      if (!FLAGS.containsKey(flag)) {
        p.unknown("--" + flag);
        if (value == null && i + 1 < argv.length && !argv[i + 1].startsWith("--")) i++;
        continue;
      }
      if (value == null) value = i + 1 < argv.length && !argv[i + 1].startsWith("--") ? argv[++i] : "";
      given.computeIfAbsent(flag, k -> new ArrayList<>()).add(value);
    }
    for (String flag : FLAGS.keySet()) {
      String fromEnv = env.get("INVENTORY_" + flag.replace('-', '_').toUpperCase(Locale.ROOT));
      if (fromEnv != null && !given.containsKey(flag)) given.put(flag, List.of(fromEnv));
    }

    Raw raw = new Raw(given);
    Options o = new Options();
    o.help = help;
    o.exitWithStdin = exitWithStdin;
    // --client is how the Node entry point picks this replica; here only java makes sense.
    p.choice("client", raw.get("client"), List.of("java"));
    o.groupProtocol = p.choice("group-protocol", raw.get("group-protocol"), GROUP_PROTOCOLS);
    o.assignor = raw.absent("assignor") ? defaultAssignor(o.groupProtocol) : p.choice("assignor", raw.get("assignor"), ASSIGNORS);
    o.port = p.integer("port", raw.get("port"), 0, 65535);
    o.host = p.text("host", raw.get("host"), "^[A-Za-z0-9.:_-]+$", "a host name or IP address");
    o.name = raw.absent("name") ? null : p.text("name", raw.get("name"), "^[A-Za-z0-9._-]{1,100}$", "a name of letters, digits, . _ -");
    o.brokers = brokers(raw, env, p);
    o.topic = p.text("topic", raw.get("topic"), "^[A-Za-z0-9._-]{1,249}$", "a Kafka topic name (letters, digits, . _ -)");
    o.groupId = p.text("group", raw.get("group"), "^[A-Za-z0-9._-]{1,249}$", "a group id of letters, digits, . _ -");
    o.store = p.choice("store", raw.get("store"), List.of("memory", "postgres"));
    o.pgUrl = p.text("pg-url", raw.get("pg-url"), "^postgres(ql)?://\\S+$", "a postgres:// connection string");
    // The name goes into SQL as an identifier, so only plain lower-case names (63 bytes with the suffix).
    o.pgTable = p.text("pg-table", raw.get("pg-table"), "^[a-z_][a-z0-9_]{0,50}$", "a lower-case table name (a-z, 0-9, _; at most 51 characters)");
    o.workMs = p.number("work-ms", raw.get("work-ms"), 0, 60_000);
    o.workMode = p.choice("work-mode", raw.get("work-mode"), List.of("sleep", "busy"));
    o.partitionsConcurrently = p.integer("partitions-concurrently", raw.get("partitions-concurrently"), 1, 1000);
    o.metadataMaxAgeMs = p.integer("metadata-max-age-ms", raw.get("metadata-max-age-ms"), 100, Integer.MAX_VALUE);
    o.sessionTimeoutMs = p.integer("session-timeout-ms", raw.orDefault("session-timeout-ms", SESSION_TIMEOUT_DEFAULT), 1000, 3_600_000);
    o.heartbeatIntervalMs = p.integer("heartbeat-interval-ms", raw.orDefault("heartbeat-interval-ms", HEARTBEAT_DEFAULT), 100, 3_600_000);
    o.rebalanceTimeoutMs = p.integer("rebalance-timeout-ms", raw.get("rebalance-timeout-ms"), 1000, 3_600_000);
    o.fromBeginning = p.bool("from-beginning", raw.get("from-beginning"));
    o.staticMembership = p.bool("static-membership", raw.get("static-membership"));
    if (o.staticMembership && o.name == null) {
      p.add("static-membership", "a --name as well (the group.instance.id must be stable across restarts, not the port)", "true");
    }
    o.maxPollRecords = raw.absent("max-poll-records") ? null : p.integer("max-poll-records", raw.get("max-poll-records"), 1, 100_000);
    o.shareAckMode = p.choice("share-ack-mode", raw.get("share-ack-mode"), List.of("implicit", "explicit"));
    o.shareAcquireMode = p.choice("share-acquire-mode", raw.get("share-acquire-mode"), List.of("batch_optimized", "record_limit"));
    o.journal = raw.absent("journal") ? null : p.text("journal", raw.get("journal"), "\\S", "a file path");

    if (p.isEmpty()) checkCombination(o, raw, p);
    if (o.heartbeatIntervalMs >= o.sessionTimeoutMs) {
      p.add("heartbeat-interval-ms", "less than --session-timeout-ms (" + o.sessionTimeoutMs + ")", raw.get("heartbeat-interval-ms"));
    }
    p.throwIfAny();
    return o;
  }

  private static String defaultAssignor(String groupProtocol) {
    return switch (groupProtocol) {
      case "consumer" -> "uniform";
      case "share" -> "simple";
      default -> "range";
    };
  }

  /** The Java descriptor of harness/clients/java/descriptor.ts (its group types and assignors), in its words. */
  private static void checkCombination(Options o, Raw raw, Problems p) {
    List<String> allowed = switch (o.groupProtocol) {
      case "consumer" -> CONSUMER_ASSIGNORS;
      case "share" -> SHARE_ASSIGNORS;
      default -> CLASSIC_ASSIGNORS;
    };
    if (!allowed.contains(o.assignor)) {
      p.say("assignor", "client java with groupProtocol " + o.groupProtocol + " supports assignor " + String.join(", ", allowed) + ", got " + Problems.quote(o.assignor));
    }
    if (!o.groupProtocol.equals("share")) {
      for (String flag : new String[] {"share-ack-mode", "share-acquire-mode"}) {
        if (!raw.absent(flag)) p.say(flag, "only with --group-protocol share (a share group's setting), got --group-protocol " + o.groupProtocol);
      }
    }
    if (o.groupProtocol.equals("classic")) return;
    String[][] timing = {{"session-timeout-ms", "sessionTimeoutMs"}, {"heartbeat-interval-ms", "heartbeatIntervalMs"}};
    String broker = o.groupProtocol.equals("share")
        ? "the broker sets group.share.session.timeout.ms and group.share.heartbeat.interval.ms, a group its share.session.timeout.ms and share.heartbeat.interval.ms"
        : "the broker sets group.consumer.session.timeout.ms and group.consumer.heartbeat.interval.ms; a scenario sets the group's heartbeat with groupHeartbeatIntervalMs";
    for (String[] t : timing) {
      if (raw.absent(t[0])) continue;
      p.say(t[0], "the " + o.groupProtocol + " protocol takes no " + t[1] + " from the client (" + broker + ")");
    }
  }

  private static List<String> brokers(Raw raw, Map<String, String> env, Problems p) {
    Object value = raw.absent("brokers") ? env.getOrDefault("KAFKA_BROKERS", "127.0.0.1:9092") : raw.get("brokers");
    List<String> list = new ArrayList<>();
    if (value instanceof String s) {
      for (String b : s.split(",")) if (!b.trim().isEmpty()) list.add(b.trim());
    }
    if (list.isEmpty() || !list.stream().allMatch(b -> HOST_PORT.matcher(b).matches())) {
      p.add("brokers", "a comma-separated list of host:port (or KAFKA_BROKERS)", value);
    }
    return list;
  }

  /** Given values, with the defaults filled in; a flag given twice is an error, not "last wins". */
  private record Raw(Map<String, List<String>> given) {
    static final Object REPEATED = new Object();

    boolean absent(String flag) {
      return !given.containsKey(flag);
    }

    Object get(String flag) {
      return orDefault(flag, FLAGS.get(flag));
    }

    Object orDefault(String flag, String fallback) {
      List<String> values = given.get(flag);
      if (values == null) return fallback;
      return values.size() == 1 ? values.get(0) : values;
    }
  }

  /** FlagProblems of services/shared/flags.ts: `--flag: expected X, got Y`, all at once. */
  static final class Problems {
    private final List<String> problems = new ArrayList<>();

    void add(String flag, String expected, Object got) {
      problems.add("--" + flag + ": expected " + expected + ", got " + describe(got));
    }

    void say(String flag, String message) {
      problems.add((flag.startsWith("-") ? flag : "--" + flag) + ": " + message);
    }

    void unknown(String flag) {
      problems.add("unknown flag " + flag);
    }

    boolean isEmpty() {
      return problems.isEmpty();
    }

    int integer(String flag, Object raw, long min, long max) {
      if (raw instanceof String s && s.trim().matches("^-?\\d{1,12}$")) {
        long n = Long.parseLong(s.trim());
        if (n >= min && n <= max) return (int) n;
      }
      add(flag, "an integer " + range(min, max), raw);
      return (int) min;
    }

    double number(String flag, Object raw, double min, double max) {
      if (raw instanceof String s && s.trim().matches("^[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?$")) {
        double n = Double.parseDouble(s.trim());
        if (Double.isFinite(n) && n >= min && n <= max) return n;
      }
      add(flag, "a number in " + fmt(min) + ".." + fmt(max), raw);
      return min;
    }

    String choice(String flag, Object raw, List<String> choices) {
      if (raw instanceof String s && choices.contains(s)) return s;
      add(flag, "one of " + String.join("|", choices), raw);
      return choices.get(0);
    }

    String text(String flag, Object raw, String pattern, String expected) {
      if (raw instanceof String s && Pattern.compile(pattern).matcher(s).find()) return s;
      add(flag, expected, raw);
      return "";
    }

    boolean bool(String flag, Object raw) {
      if ("true".equals(raw) || "1".equals(raw)) return true;
      if ("false".equals(raw) || "0".equals(raw)) return false;
      add(flag, "true or false", raw);
      return false;
    }

    void throwIfAny() {
      if (problems.isEmpty()) return;
      throw new ReplicaError("BAD_ARGUMENT", String.join("; ", problems),
          "run with --help to see every flag and its default; INVENTORY_<FLAG> environment variables set flags too");
    }

    static String describe(Object got) {
      if (got == null) return "nothing";
      if (got instanceof List<?> list) {
        List<String> each = new ArrayList<>();
        for (Object v : list) each.add(quote(String.valueOf(v)));
        return "it more than once (" + String.join(", ", each) + ")";
      }
      return quote(String.valueOf(got));
    }

    static String quote(String s) {
      return Json.text(Json.MAPPER.getNodeFactory().textNode(s));
    }

    private static String range(long min, long max) {
      return max == Integer.MAX_VALUE ? ">= " + min : "in " + min + ".." + max;
    }

    private static String fmt(double d) {
      return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
  }
}
