package portcullis.server.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import portcullis.core.text.Json;

/** The gateway's own (non-scheme) answers: 404, 405, 413, 502, 503, in the seed-000 body shape. */
final class Responses {
  private Responses() {}

  static void plain(HttpServerResponse r, int status, String message, String additional, String reference) {
    StringBuilder b = new StringBuilder(128).append("{\"status\":").append(status).append(",\"message\":");
    Json.quote(b, message).append(",\"additional\":");
    Json.quote(b, additional).append(",\"reference\":");
    Json.quote(b, reference).append('}');
    r.setStatusCode(status).putHeader(H.CONTENT_TYPE, H.JSON_UTF8).end(Buffer.buffer(b.toString()));
  }
}
