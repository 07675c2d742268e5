package bench.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The one event on the topic, validated with the rules of harness/model/order-placed.ts: a
 * record that is not a well-formed OrderPlaced is poison, with the same reason text.
 * `createdAt` keeps its JSON number so the journal writes it back unchanged.
 */
record OrderPlaced(String orderId, long productId, long qty, JsonNode createdAt) {

  /** Either an event or the reason the record is poison. */
  record Parsed(OrderPlaced event, String reason) {
    boolean ok() {
      return event != null;
    }
  }

  static Parsed parse(byte[] value) {
    if (value == null) return poison("record has no value");
    JsonNode data;
    try {
      // Decoding first replaces invalid UTF-8 as Buffer.toString('utf8') does.
      data = Json.MAPPER.readTree(new String(value, StandardCharsets.UTF_8));
    } catch (Exception e) {
      return poison("value is not JSON");
    }
    if (data == null || data.isMissingNode()) return poison("value is not JSON");
    if (!data.isObject()) return poison("value is not a JSON object");
    List<String> problems = new ArrayList<>();
    JsonNode type = data.get("type");
    if (type == null || !type.isTextual() || !type.asText().equals("OrderPlaced")) {
      problems.add("type is " + (type == null ? "undefined" : Json.text(type)) + ", not \"OrderPlaced\"");
    }
    JsonNode orderId = data.get("orderId");
    if (orderId == null || !orderId.isTextual() || orderId.asText().isEmpty()) problems.add("orderId is not a non-empty string");
    JsonNode productId = data.get("productId");
    if (!Json.isPositiveInteger(productId)) problems.add("productId is not a positive integer");
    JsonNode qty = data.get("qty");
    if (!Json.isPositiveInteger(qty)) problems.add("qty is not a positive integer");
    JsonNode createdAt = data.get("createdAt");
    if (createdAt == null || !createdAt.isNumber() || !Double.isFinite(createdAt.asDouble())) problems.add("createdAt is not a number");
    JsonNode payload = data.get("payload");
    if (payload != null && !payload.isTextual()) problems.add("payload is not a string");
    if (!problems.isEmpty()) return poison(String.join("; ", problems));
    return new Parsed(new OrderPlaced(orderId.asText(), (long) productId.asDouble(), (long) qty.asDouble(), Json.number(createdAt.asDouble())), null);
  }

  private static Parsed poison(String reason) {
    return new Parsed(null, reason);
  }
}
