package bench.inventory;

import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * The inventory replica on the Java client (kafka-clients), one replica per JVM: the same flags,
 * HTTP API, stores, journal and ready line as services/inventory (kafkajs), so the harness can
 * run either. harness/sut/clients/java.ts compiles and starts it.
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

    ConsumerLoop consumer = new ConsumerLoop(options, store, journal, state);
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
    onShutdownSignal("TERM", shutdown);
    onShutdownSignal("INT", shutdown);
    if (options.exitWithStdin) watchStdin();

    Thread poll = new Thread(consumer, "poll");
    poll.start();
  }

  /**
   * SIGTERM/SIGINT leave the group and exit 0 (not the JVM's 143, as a shutdown hook would). A
   * second signal, or a shutdown longer than GRACE_MS, exits 1 at once so a stuck broker never
   * keeps a replica alive (services/shared/cli.ts onShutdownSignal).
   */
  private static void onShutdownSignal(String name, Runnable shutdown) {
    Signal.handle(new Signal(name), signal -> {
      String label = "SIG" + signal.getName();
      if (!SHUTTING_DOWN.compareAndSet(false, true)) {
        Log.info(label + " again, exiting now");
        Runtime.getRuntime().halt(1);
      }
      Log.info(label + ": shutting down");
      daemon("shutdown-watchdog", () -> {
        sleep(GRACE_MS);
        Log.info("shutdown took longer than " + GRACE_MS + " ms, exiting");
        Runtime.getRuntime().halt(1);
      });
      daemon("shutdown", shutdown);
    });
  }

  /**
   * --exit-with-stdin: a Node wrapper holds our stdin; EOF means it is gone (even by SIGKILL).
   * Halting at once, without leaving the group, makes that look like what it is: this replica
   * died. The journal loses nothing (every line is already written).
   */
  private static void watchStdin() {
    daemon("stdin-watch", () -> {
      byte[] buffer = new byte[256];
      try (InputStream in = System.in) {
        while (in.read(buffer) != -1) {
          // whatever the parent writes is ignored; only EOF matters
        }
      } catch (Exception ignored) {
        // a broken stdin is a gone parent too
      }
      Log.info("stdin closed (the parent process is gone), exiting");
      Runtime.getRuntime().halt(1);
    });
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
