package bench.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.TreeSet;

/** One mapper, and the few conversions that make Java's JSON read like JavaScript's. */
final class Json {
  /** JSON.parse refuses `{} x`; Jackson reads the first value and ignores the rest unless told. */
  static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  static final double MAX_SAFE_INTEGER = 9007199254740991d;

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static String text(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** JSON.stringify(value) ?? 'nothing' for a field that may be absent. */
  static String describe(JsonNode node) {
    return node == null ? "nothing" : text(node);
  }

  /** Number.isSafeInteger: 1.0 counts, 1.5 and 2^53 do not; strings never. */
  static boolean isSafeInteger(JsonNode node) {
    if (node == null || !node.isNumber()) return false;
    double d = node.asDouble();
    return Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) <= MAX_SAFE_INTEGER;
  }

  static boolean isPositiveInteger(JsonNode node) {
    return isSafeInteger(node) && node.asDouble() > 0;
  }

  /** A number written the way JSON.stringify writes it: integral values without a fraction. */
  static JsonNode number(double d) {
    if (d == Math.rint(d) && Math.abs(d) <= MAX_SAFE_INTEGER) return MAPPER.getNodeFactory().numberNode((long) d);
    return MAPPER.getNodeFactory().numberNode(d);
  }

  /** Sorted partition numbers. */
  static ArrayNode partitions(Collection<Integer> partitions) {
    ArrayNode array = MAPPER.createArrayNode();
    for (int p : new TreeSet<>(partitions)) array.add(p);
    return array;
  }
}
