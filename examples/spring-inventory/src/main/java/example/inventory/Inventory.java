package example.inventory;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Stock per product, in memory: each replica has its own, as in the lab. */
@Component
public class Inventory {

  private final Map<Long, Long> stock = new ConcurrentHashMap<>();

  public Inventory(@Value("${app.products}") int products, @Value("${app.initial-stock}") long initialStock) {
    for (long id = 1; id <= products; id++) stock.put(id, initialStock);
  }

  /** An order is a fact: stock may go negative, and an unknown product starts at -qty. */
  public void decrement(long productId, int qty) {
    stock.merge(productId, (long) -qty, Long::sum);
  }

  public OptionalLong stockOf(long productId) {
    Long n = stock.get(productId);
    return n == null ? OptionalLong.empty() : OptionalLong.of(n);
  }
}
