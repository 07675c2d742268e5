package bench.inventory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Where stock lives (services/inventory/stores/store.ts). Stock may go negative: an order is a fact
 * that already happened, and clamping at 0 would make the totals disagree with the number of
 * orders. An order for an unknown product creates it with stock -qty (counted) for the same
 * reason. Partition workers and HTTP threads call it at once: implementations are thread-safe.
 */
interface Store extends AutoCloseable {
  record Inventory(long id, long stock) {
    ObjectNode toJson() {
      ObjectNode node = Json.object();
      node.put("id", id);
      node.put("stock", stock);
      return node;
    }
  }

  /** Where an order was applied from: recorded with it so a Postgres row says who did it. */
  record Delivery(int partition, long offset, String replica) {}

  /** applied false: this orderId was already applied (Postgres only), nothing changed. */
  record ApplyResult(boolean applied, boolean unknownProduct) {}

  void init() throws Exception;

  Inventory put(Inventory item) throws Exception;

  /** null if there is no such product. */
  Inventory get(long id) throws Exception;

  List<Inventory> list() throws Exception;

  ApplyResult apply(OrderPlaced order, Delivery delivery) throws Exception;

  /** {kind, table, unknownProducts, duplicatesSkipped}, as StoreStats. */
  ObjectNode stats();

  @Override
  void close();

  static Store create(Options options) {
    if (options.store.equals("postgres")) return new PostgresStore(options.pgUrl, options.pgTable, options.partitionsConcurrently + 2);
    return new MemoryStore();
  }

  static ObjectNode stats(String kind, String table, long unknownProducts, long duplicatesSkipped) {
    ObjectNode node = Json.object();
    node.put("kind", kind);
    if (table == null) node.putNull("table");
    else node.put("table", table);
    node.put("unknownProducts", unknownProducts);
    node.put("duplicatesSkipped", duplicatesSkipped);
    return node;
  }
}
