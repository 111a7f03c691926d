package portcullis.server.http;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/**
 * The built-in sample API behind the demo routes. {@code .../whoami} answers with the identity the
 * gateway forwarded; {@code .../products} with a small catalogue; {@code .../echo} with everything
 * it received (for checking what the gateway forwards). Also runs as a standalone HTTP server.
 */
final class SampleUpstream implements Upstream {
  private static final Buffer PRODUCTS = Buffer.buffer(new JsonObject()
      .put("products", new JsonArray()
          .add(new JsonObject().put("id", 1).put("name", "Brass lamp").put("price", "19.00"))
          .add(new JsonObject().put("id", 2).put("name", "Flying carpet").put("price", "1200.00"))
          .add(new JsonObject().put("id", 3).put("name", "Cave map").put("price", "4.50")))
      .encode());

  @Override
  public void forward(HttpMethod method, String uri, MultiMap headers, Buffer body, HttpServerResponse response, String reference) {
    response.putHeader(H.CONTENT_TYPE, H.JSON).end(respond(method, uri, headers, body));
  }

  static Buffer respond(HttpMethod method, String uri, MultiMap headers, Buffer body) {
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    if (path.endsWith("/whoami")) {
      return Buffer.buffer(whoami(headers));
    }
    if (path.endsWith("/products")) {
      return PRODUCTS;
    }
    Map<String, String> h = new TreeMap<>();
    for (var e : headers) {
      h.merge(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue(), (a, b) -> a + "," + b);
    }
    return Buffer.buffer(new JsonObject().put("method", method.name()).put("uri", uri)
        .put("headers", new JsonObject(new java.util.LinkedHashMap<>(h)))
        .put("body", body == null ? "" : body.toString()).encode());
  }

  /**
   * {@code {"account":..,"client":..,"scheme":..,"scopes":[..]}} from the identity headers, written
   * directly (the demo's hot path: a JsonObject through Jackson cost more than the authentication).
   */
  static String whoami(MultiMap headers) {
    StringBuilder b = new StringBuilder(160).append("{\"account\":");
    value(b, headers.get(H.ACCOUNT)).append(",\"client\":");
    value(b, headers.get(H.CLIENT)).append(",\"scheme\":");
    value(b, headers.get(H.SCHEME)).append(",\"scopes\":[");
    String scopes = headers.get(H.SCOPES);
    if (scopes != null) {
      boolean first = true;
      int i = 0;
      int n = scopes.length();
      while (i < n) {
        int j = scopes.indexOf(' ', i);
        if (j < 0) {
          j = n;
        }
        if (j > i) {
          if (!first) {
            b.append(',');
          }
          portcullis.core.text.Json.quote(b, scopes.substring(i, j));
          first = false;
        }
        i = j + 1;
      }
    }
    return b.append("]}").toString();
  }

  private static StringBuilder value(StringBuilder b, String v) {
    return v == null ? b.append("null") : portcullis.core.text.Json.quote(b, v);
  }

  /** Handler for running the sample API as its own HTTP server. */
  static void serve(HttpServerRequest req) {
    req.body().onSuccess(b -> req.response().putHeader("Content-Type", "application/json")
        .end(respond(req.method(), req.uri(), req.headers(), b)));
  }
}
