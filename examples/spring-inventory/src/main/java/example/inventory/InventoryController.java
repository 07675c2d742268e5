package example.inventory;

import java.util.Map;
import java.util.OptionalLong;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class InventoryController {

  private final Inventory inventory;

  public InventoryController(Inventory inventory) {
    this.inventory = inventory;
  }

  /** {"stock": n}, what the harness's system.stockUrl reads; 404 for a product never seen. */
  @GetMapping("/inventories/{productId}")
  public ResponseEntity<Map<String, Long>> stock(@PathVariable long productId) {
    OptionalLong stock = inventory.stockOf(productId);
    return stock.isPresent() ? ResponseEntity.ok(Map.of("stock", stock.getAsLong())) : ResponseEntity.notFound().build();
  }
}
