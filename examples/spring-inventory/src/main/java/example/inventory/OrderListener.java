package example.inventory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
public class OrderListener {

  private final Inventory inventory;

  public OrderListener(Inventory inventory) {
    this.inventory = inventory;
  }

  /** The group id is Boot's spring.kafka.consumer.group-id; the offset is committed by the container (AckMode BATCH by default). */
  @KafkaListener(topics = "${app.topic}")
  public void on(OrderPlaced order) {
    if ("OrderPlaced".equals(order.type())) inventory.decrement(order.productId(), order.qty());
  }
}
