package example.inventory;

/** The event on the topic: {"type":"OrderPlaced","orderId":"...","productId":1,"qty":1,"createdAt":...}. */
public record OrderPlaced(String type, String orderId, long productId, int qty, long createdAt) {}
