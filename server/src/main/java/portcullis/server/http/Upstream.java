package portcullis.server.http;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;

/** Where an authenticated request goes: the built-in sample API or a real HTTP upstream. */
interface Upstream {
  /**
   * Sends the request on and writes the answer to {@code response}.
   *
   * @param uri the path and query to request, credentials already stripped
   * @param headers the headers to send: client headers minus credentials and hop-by-hop, plus the
   *     {@code X-Portcullis-*} identity and {@code X-Forwarded-*} headers
   */
  void forward(HttpMethod method, String uri, MultiMap headers, Buffer body, HttpServerResponse response, String reference);

  /** Releases connections; called once at shutdown. */
  default void close() {}
}
