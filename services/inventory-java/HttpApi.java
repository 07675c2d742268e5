package bench.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The lab's inventory API plus /stats, with the paths, status codes and JSON of
 * services/inventory/server.ts and the router of services/shared/http.ts: 404 for an unknown
 * path, 405 with Allow for a known path and the wrong method, `{error}` bodies.
 */
final class HttpApi {
  private static final int MAX_BODY_BYTES = 16 * 1024;

  /** An answer to the client: status plus `{error}`. */
  static final class HttpError extends RuntimeException {
    final int status;
    final Map<String, String> headers;

    HttpError(int status, String message) {
      this(status, message, Map.of());
    }

    HttpError(int status, String message, Map<String, String> headers) {
      super(message);
      this.status = status;
      this.headers = headers;
    }
  }

  private record Reply(int status, JsonNode body) {}

  private interface Handler {
    Reply handle(HttpExchange exchange, List<String> params) throws Exception;
  }

  private record Route(String method, String[] segments, Handler handler) {}

  private final List<Route> routes = new ArrayList<>();
  private final Store store;
  private final ReplicaState state;
  private HttpServer server;
  private ExecutorService executor;

  HttpApi(Store store, ReplicaState state) {
    this.store = store;
    this.state = state;
    on("POST", "/inventories", (ex, p) -> new Reply(201, store.put(parseInventory(readJson(ex))).toJson()));
    on("GET", "/inventories", (ex, p) -> {
      ArrayNode items = Json.MAPPER.createArrayNode();
      for (Store.Inventory item : store.list()) items.add(item.toJson());
      return new Reply(200, items);
    });
    on("GET", "/inventories/:id", (ex, p) -> {
      String raw = p.get(0);
      if (!raw.matches("^[1-9]\\d{0,15}$") || Long.parseLong(raw) > (long) Json.MAX_SAFE_INTEGER) {
        throw new HttpError(400, "inventory id must be a positive integer, got " + Options.Problems.quote(raw));
      }
      Store.Inventory item = store.get(Long.parseLong(raw));
      if (item == null) throw new HttpError(404, "no inventory with id " + raw);
      return new Reply(200, item.toJson());
    });
    on("GET", "/stats", (ex, p) -> new Reply(200, state.snapshot(store.stats())));
    on("GET", "/health", (ex, p) -> {
      ObjectNode body = Json.object();
      body.put("status", "ok");
      body.put("service", "inventory");
      body.put("replica", state.replica);
      return new Reply(200, body);
    });
  }

  private void on(String method, String path, Handler handler) {
    routes.add(new Route(method, segments(path), handler));
  }

  /** Listens on `host` and returns the port the OS gave (`port` 0 picks a free one). */
  int listen(String host, int port) throws IOException {
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 128);
    } catch (BindException e) {
      throw new ReplicaError("PORT_IN_USE", "port " + port + " on " + host + " is already in use", "pick another --port, or --port 0 for a free one");
    }
    // A few threads: a slow Postgres query must not hold up /stats.
    executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::dispatch);
    server.start();
    return server.getAddress().getPort();
  }

  void close() {
    if (server != null) server.stop(0);
    if (executor != null) executor.shutdown();
  }

  private void dispatch(HttpExchange exchange) {
    try {
      String path = exchange.getRequestURI().getRawPath();
      String[] actual = segments(path);
      for (int i = 0; i < actual.length; i++) actual[i] = safeDecode(actual[i]);
      Route chosen = null;
      List<String> chosenParams = null;
      Set<String> allow = new LinkedHashSet<>();
      for (Route route : routes) {
        List<String> params = match(route.segments, actual);
        if (params == null) continue;
        allow.add(route.method);
        if (chosen == null && route.method.equals(exchange.getRequestMethod())) {
          chosen = route;
          chosenParams = params;
        }
      }
      if (allow.isEmpty()) throw new HttpError(404, "no route for " + path);
      if (chosen == null) {
        String methods = String.join(", ", allow);
        throw new HttpError(405, exchange.getRequestMethod() + " is not allowed on " + path + "; use " + methods, Map.of("Allow", methods));
      }
      Reply reply = chosen.handler.handle(exchange, chosenParams);
      send(exchange, reply.status, reply.body, Map.of());
    } catch (HttpError e) {
      send(exchange, e.status, error(e.getMessage()), e.headers);
    } catch (Exception e) {
      send(exchange, 500, error(e.getMessage() == null ? e.toString() : e.getMessage()), Map.of());
    } finally {
      exchange.close();
    }
  }

  private static ObjectNode error(String message) {
    ObjectNode body = Json.object();
    body.put("error", message);
    return body;
  }

  private static void send(HttpExchange exchange, int status, JsonNode body, Map<String, String> headers) {
    try {
      byte[] bytes = Json.text(body).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
      if (exchange.getRequestMethod().equals("HEAD")) {
        exchange.sendResponseHeaders(status, -1);
        return;
      }
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
    } catch (IOException ignored) {
      // the client went away; nothing to answer
    }
  }

  /**
   * At most MAX_BODY_BYTES of JSON: 413 as soon as the declared or the received size passes the
   * limit (and the connection closes: the rest is not worth reading), 400 for anything not JSON.
   */
  private static JsonNode readJson(HttpExchange exchange) throws IOException {
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if (declared != null && declared.matches("\\d{1,18}") && Long.parseLong(declared) > MAX_BODY_BYTES) {
      throw tooLarge("body is " + declared + " bytes; the limit is " + MAX_BODY_BYTES + " bytes");
    }
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    byte[] chunk = new byte[4096];
    try (InputStream in = exchange.getRequestBody()) {
      for (int n; (n = in.read(chunk)) != -1; ) {
        buffer.write(chunk, 0, n);
        if (buffer.size() > MAX_BODY_BYTES) throw tooLarge("body is larger than the limit of " + MAX_BODY_BYTES + " bytes");
      }
    }
    String text = buffer.toString(StandardCharsets.UTF_8);
    if (text.isBlank()) throw new HttpError(400, "body is empty; expected a JSON object");
    try {
      return Json.MAPPER.readTree(text);
    } catch (Exception e) {
      String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw new HttpError(400, "body is not valid JSON (" + why + ")");
    }
  }

  private static HttpError tooLarge(String message) {
    return new HttpError(413, message, Map.of("Connection", "close"));
  }

  private static Store.Inventory parseInventory(JsonNode body) {
    if (body == null || !body.isObject()) throw new HttpError(400, "body must be a JSON object like {\"id\": 1, \"stock\": 10}");
    List<String> problems = new ArrayList<>();
    JsonNode id = body.get("id");
    JsonNode stock = body.get("stock");
    if (!Json.isPositiveInteger(id)) problems.add("id: expected a positive integer, got " + Json.describe(id));
    if (!Json.isSafeInteger(stock)) problems.add("stock: expected an integer, got " + Json.describe(stock));
    List<String> unknown = new ArrayList<>();
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("id") && !name.equals("stock")) unknown.add(Options.Problems.quote(name));
    }
    if (!unknown.isEmpty()) problems.add("unknown field(s) " + String.join(", ", unknown) + " (allowed: id, stock)");
    if (!problems.isEmpty()) throw new HttpError(400, String.join("; ", problems));
    return new Store.Inventory((long) id.asDouble(), (long) stock.asDouble());
  }

  private static String[] segments(String path) {
    return java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
  }

  private static List<String> match(String[] pattern, String[] actual) {
    if (pattern.length != actual.length) return null;
    List<String> params = new ArrayList<>();
    for (int i = 0; i < pattern.length; i++) {
      if (pattern[i].startsWith(":")) params.add(actual[i]);
      else if (!pattern[i].equals(actual[i])) return null;
    }
    return params;
  }

  /** decodeURIComponent, which leaves `+` alone; a malformed escape keeps the raw segment. */
  private static String safeDecode(String segment) {
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return segment;
    }
  }
}
