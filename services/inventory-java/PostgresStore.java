package bench.inventory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The lab's "production" setup, with the SQL of services/inventory/stores/postgres.ts: all
 * replicas share one stock table, and each order is applied exactly once in effect: one
 * statement (one transaction) records the orderId in `<table>_processed` and decrements only
 * when that insert was new, so a redelivery after a rebalance or a crash changes nothing.
 */
final class PostgresStore implements Store {
  private final String url;
  private final String table;
  private final String processed;
  private final Pool pool;
  private final AtomicLong unknownProducts = new AtomicLong();
  private final AtomicLong duplicatesSkipped = new AtomicLong();

  PostgresStore(String url, String table, int poolSize) {
    this.url = url;
    this.table = table;
    this.processed = table + "_processed";
    this.pool = new Pool(url, poolSize);
  }

  @Override
  public void init() {
    Connection c;
    try {
      c = pool.borrow();
    } catch (Exception e) {
      throw new ReplicaError("SERVICE_START_FAILED", "cannot reach Postgres at " + redact(url) + ": " + Log.chain(e), "start Postgres or pass --pg-url", e);
    }
    boolean broken = false;
    try {
      c.setAutoCommit(false);
      // Replicas start together; without the lock two CREATE TABLE IF NOT EXISTS can still collide.
      try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))"); Statement s = c.createStatement()) {
        lock.setString(1, table);
        lock.execute();
        s.execute("CREATE TABLE IF NOT EXISTS " + table + " (id BIGINT PRIMARY KEY, stock BIGINT NOT NULL)");
        s.execute("CREATE TABLE IF NOT EXISTS " + processed + " (\n"
            + "           order_id TEXT PRIMARY KEY, product_id BIGINT NOT NULL, qty BIGINT NOT NULL,\n"
            + "           partition INT NOT NULL, \"offset\" BIGINT NOT NULL, replica TEXT NOT NULL,\n"
            + "           processed_at TIMESTAMPTZ NOT NULL DEFAULT now())");
      }
      c.commit();
      c.setAutoCommit(true);
    } catch (SQLException e) {
      broken = true;
      throw new ReplicaError("SERVICE_START_FAILED", "cannot create table " + table + ": " + e.getMessage(), null, e);
    } finally {
      pool.release(c, broken);
    }
  }

  @Override
  public Inventory put(Inventory item) throws SQLException {
    return pool.run(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO " + table + " (id, stock) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET stock = EXCLUDED.stock RETURNING id, stock")) {
        s.setLong(1, item.id());
        s.setLong(2, item.stock());
        try (ResultSet r = s.executeQuery()) {
          if (!r.next()) throw new SQLException("the database returned no row");
          return new Inventory(r.getLong(1), r.getLong(2));
        }
      }
    });
  }

  @Override
  public Inventory get(long id) throws SQLException {
    return pool.run(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT id, stock FROM " + table + " WHERE id = ?")) {
        s.setLong(1, id);
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? new Inventory(r.getLong(1), r.getLong(2)) : null;
        }
      }
    });
  }

  @Override
  public List<Inventory> list() throws SQLException {
    return pool.run(c -> {
      try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT id, stock FROM " + table + " ORDER BY id")) {
        List<Inventory> items = new ArrayList<>();
        while (r.next()) items.add(new Inventory(r.getLong(1), r.getLong(2)));
        return items;
      }
    });
  }

  @Override
  public ApplyResult apply(OrderPlaced order, Delivery delivery) throws SQLException {
    Boolean created = pool.run(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "WITH fresh AS (\n"
              + "         INSERT INTO " + processed + " (order_id, product_id, qty, partition, \"offset\", replica)\n"
              + "         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (order_id) DO NOTHING\n"
              + "         RETURNING product_id, qty)\n"
              + "       INSERT INTO " + table + " AS inv (id, stock) SELECT product_id, -qty FROM fresh\n"
              + "       ON CONFLICT (id) DO UPDATE SET stock = inv.stock + EXCLUDED.stock\n"
              + "       RETURNING (xmax = 0) AS created")) {
        s.setString(1, order.orderId());
        s.setLong(2, order.productId());
        s.setLong(3, order.qty());
        s.setInt(4, delivery.partition());
        s.setLong(5, delivery.offset());
        s.setString(6, delivery.replica());
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? r.getBoolean(1) : null;
        }
      }
    });
    if (created == null) {
      duplicatesSkipped.incrementAndGet();
      return new ApplyResult(false, false);
    }
    if (created) unknownProducts.incrementAndGet();
    return new ApplyResult(true, created);
  }

  @Override
  public ObjectNode stats() {
    return Store.stats("postgres", table, unknownProducts.get(), duplicatesSkipped.get());
  }

  @Override
  public void close() {
    pool.close();
  }

  static String redact(String url) {
    return url.replaceAll("//([^:@/]+):[^@/]*@", "//$1:***@");
  }

  /** postgres://user:password@host:port/db?params -> a JDBC URL and its user and password. */
  static String jdbcUrl(String url, Properties props) {
    URI uri = URI.create(url);
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      props.setProperty("user", decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
      if (colon >= 0) props.setProperty("password", decode(userInfo.substring(colon + 1)));
    }
    String host = uri.getHost() == null ? "127.0.0.1" : uri.getHost();
    int port = uri.getPort() < 0 ? 5432 : uri.getPort();
    String path = uri.getRawPath() == null || uri.getRawPath().length() <= 1 ? "" : uri.getRawPath().substring(1);
    String database = path.isEmpty() ? props.getProperty("user", "postgres") : decode(path);
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    return "jdbc:postgresql://" + host + ":" + port + "/" + database + query;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * A few connections, opened on demand (pg.Pool's size: partitions processed at once + 2). A
   * connection that failed at the connection level is dropped; the next borrow reconnects.
   */
  private static final class Pool {
    private final String jdbcUrl;
    private final Properties props = new Properties();
    private final BlockingQueue<Connection> idle;
    private final int max;
    private int open;

    Pool(String url, int max) {
      this.jdbcUrl = jdbcUrl(url, props);
      props.setProperty("connectTimeout", "10");
      props.setProperty("ApplicationName", "inventory-java");
      this.max = max;
      this.idle = new ArrayBlockingQueue<>(max);
    }

    <T> T run(SqlWork<T> work) throws SQLException {
      Connection c = borrow();
      boolean broken = false;
      try {
        return work.run(c);
      } catch (SQLException e) {
        broken = e.getSQLState() == null || e.getSQLState().startsWith("08") || c.isClosed();
        throw e;
      } finally {
        release(c, broken);
      }
    }

    Connection borrow() throws SQLException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      for (;;) {
        Connection c = idle.poll();
        if (c != null) return c;
        synchronized (this) {
          if (open < max) {
            open++;
            try {
              return DriverManager.getConnection(jdbcUrl, props);
            } catch (SQLException e) {
              open--;
              throw e;
            }
          }
        }
        try {
          // A short wait, then look again: a dropped connection frees a slot without an offer.
          c = idle.poll(100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SQLException("interrupted while waiting for a Postgres connection");
        }
        if (c != null) return c;
        if (System.nanoTime() > deadline) throw new SQLException("no Postgres connection free within 30 s");
      }
    }

    void release(Connection c, boolean broken) {
      if (!broken && idle.offer(c)) return;
      try {
        c.close();
      } catch (SQLException ignored) {
        // already gone
      }
      synchronized (this) {
        open--;
      }
    }

    void close() {
      for (Connection c; (c = idle.poll()) != null; ) {
        try {
          c.close();
        } catch (SQLException ignored) {
          // closing anyway
        }
      }
    }
  }
}
