package bench.inventory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The lab's store: every replica keeps its own stock, so a replica that owns no partition never
 * changes. Every delivery is applied (at-least-once): a redelivered order decrements twice.
 */
final class MemoryStore implements Store {
  private final TreeMap<Long, Long> stock = new TreeMap<>();
  private long unknownProducts;

  @Override
  public void init() {}

  @Override
  public synchronized Inventory put(Inventory item) {
    stock.put(item.id(), item.stock());
    return item;
  }

  @Override
  public synchronized Inventory get(long id) {
    Long s = stock.get(id);
    return s == null ? null : new Inventory(id, s);
  }

  @Override
  public synchronized List<Inventory> list() {
    List<Inventory> items = new ArrayList<>();
    stock.forEach((id, s) -> items.add(new Inventory(id, s)));
    return items;
  }

  @Override
  public synchronized ApplyResult apply(OrderPlaced order, Delivery delivery) {
    Long current = stock.get(order.productId());
    if (current == null) unknownProducts++;
    stock.put(order.productId(), (current == null ? 0 : current) - order.qty());
    return new ApplyResult(true, current == null);
  }

  @Override
  public synchronized ObjectNode stats() {
    return Store.stats("memory", null, unknownProducts, 0);
  }

  @Override
  public void close() {}
}
