package bench.inventory;

import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * The inventory replica on the Java client (kafka-clients), one replica per JVM: the same flags,
 * HTTP API, stores, journal and ready line as services/inventory (kafkajs), so the harness can
 * run either. harness/clients/java/launch.ts compiles and starts it.
 */
public final class InventoryReplica {
  private static final long GRACE_MS = 15_000;
  private static final AtomicBoolean SHUTTING_DOWN = new AtomicBoolean();

  private InventoryReplica() {}

  public static void main(String[] args) {
    Options options;
    try {
      options = Options.parse(args, System.getenv());
    } catch (ReplicaError e) {
      fail(e);
      return;
    }
    if (options.help) {
      System.out.println(Options.USAGE);
      return;
    }
    try {
      start(options);
    } catch (ReplicaError e) {
      fail(e);
    } catch (Throwable e) {
      System.err.println("inventory: error: " + Log.chain(e));
      System.exit(1);
    }
  }

  /** The order of services/inventory/main.ts: store, HTTP, journal, broker, ready, consume. */
  private static void start(Options options) throws Exception {
    Store store = Store.create(options);
    store.init();
    ReplicaState state = new ReplicaState(options.groupId, options.topic);
    HttpApi http = new HttpApi(store, state);
    int port = http.listen(options.host, options.port);
    state.replica = options.name != null ? options.name : "inventory-" + port;
    Journal journal = Journal.open(options.journal, state.replica, options.groupProtocol, options.assignor);

    ReplicaLoop consumer = ReplicaLoop.create(options, store, journal, state);
    consumer.connect();
    Log.info(state.replica + " listening on http://" + options.host + ":" + port + ", group " + options.groupId + ", topic " + options.topic
        + ", store " + options.store + ", client java (" + options.groupProtocol + ", " + options.assignor + ")");
    System.out.println("{\"event\":\"ready\",\"service\":\"inventory\",\"port\":" + port + "}");
    System.out.flush();

    Runnable shutdown = () -> {
      try {
        if (!consumer.stop(Duration.ofMillis(GRACE_MS))) return;
        http.close();
        store.close();
        journal.close();
        System.exit(0);
      } catch (InterruptedException e) {
        Runtime.getRuntime().halt(1);
      }
    };
    for (String signal : new String[] {"TERM", "INT"}) Signal.handle(new Signal(signal), s -> shutDown("SIG" + s.getName(), shutdown));
    if (options.exitWithStdin) watchStdin(shutdown);
    watchParent(shutdown);

    Thread poll = new Thread(consumer, "poll");
    poll.start();
  }

  /**
   * SIGTERM/SIGINT (and a launcher gone) leave the group and exit 0, not the JVM's 143 as with a
   * shutdown hook. A second signal, or a shutdown longer than GRACE_MS, exits 1 at once so a stuck
   * broker never keeps a replica alive (services/shared/cli.ts onShutdownSignal).
   */
  private static void shutDown(String why, Runnable shutdown) {
    if (!SHUTTING_DOWN.compareAndSet(false, true)) {
      Log.info(why + " again, exiting now");
      Runtime.getRuntime().halt(1);
    }
    Log.info(why + ": shutting down");
    daemon("shutdown-watchdog", () -> {
      sleep(GRACE_MS);
      Log.info("shutdown took longer than " + GRACE_MS + " ms, exiting");
      Runtime.getRuntime().halt(1);
    });
    daemon("shutdown", shutdown);
  }

  /** --exit-with-stdin: a Node wrapper holds our stdin; EOF means it is gone (even by SIGKILL). */
  private static void watchStdin(Runnable shutdown) {
    daemon("stdin-watch", () -> {
      byte[] buffer = new byte[256];
      try (InputStream in = System.in) {
        while (in.read(buffer) != -1) {
          // whatever the parent writes is ignored; only EOF matters
        }
      } catch (Exception ignored) {
        // a broken stdin is a gone parent too
      }
      shutDown("stdin closed (the process that launched it is gone)", shutdown);
    });
  }

  /**
   * As services/shared/parent-watch.ts: the process that launched the replica going away counts as
   * a SIGTERM, so a harness or test runner that dies leaves no JVM holding a port. The JVM is
   * always started by node itself (no sh -c or tsx in between), so the parent is the one to watch;
   * when it exits, this process is re-parented. KSB_OUTLIVE_PARENT=1 turns it off.
   */
  private static void watchParent(Runnable shutdown) {
    if ("1".equals(System.getenv("KSB_OUTLIVE_PARENT"))) return;
    long parent = parentPid();
    daemon("parent-watch", () -> {
      while (parentPid() == parent) sleep(1000);
      shutDown("the process that launched it (pid " + parent + ") is gone", shutdown);
    });
  }

  private static long parentPid() {
    return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(1L);
  }

  private static void daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void fail(ReplicaError e) {
    System.err.println("inventory: " + e.format());
    System.exit(e.exitCode());
  }
}
