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

  /**
   * Whether {@link #stream} may be used: the request body is piped to the upstream as it arrives
   * instead of being read into memory first.
   */
  default boolean streams() {
    return false;
  }

  /**
   * As {@link #forward}, with the body still on the wire in {@code request} (paused): piped to the
   * upstream with back-pressure, at most {@code limit} bytes and arriving within {@code timeoutMillis}
   * (else {@code refused} gets {@link Bodies.Refusal#TOO_LARGE} or {@link Bodies.Refusal#TIMEOUT} while no
   * response has started, and the upstream request is reset); the answer goes to {@code
   * request.response()}. Only when {@link #streams()}.
   */
  default void stream(HttpMethod method, String uri, MultiMap headers, io.vertx.core.http.HttpServerRequest request, long limit,
      long timeoutMillis, java.util.function.Consumer<Bodies.Refusal> refused, String reference) {
    throw new UnsupportedOperationException("this upstream reads whole bodies");
  }

  /** Releases connections; called once at shutdown. */
  default void close() {}
}
