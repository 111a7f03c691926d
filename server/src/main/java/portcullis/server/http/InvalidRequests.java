package portcullis.server.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * Requests the HTTP decoder refused (control bytes or bad framing in the headers, headers or request
 * line over the limit) or {@link Http1Guard} marked (an HTTP version other than 1.1 or 1.0): Vert.x's
 * status (400, 431, 414), or 505 / 400 for the version, with the gateway's seed-000 body instead of
 * an empty one, and the connection closed.
 */
final class InvalidRequests implements Handler<HttpServerRequest> {
  private final int maxHeaderBytes;
  private final int maxLineBytes;

  private final Observer observer;

  InvalidRequests(int maxHeaderBytes, int maxLineBytes, Observer observer) {
    this.observer = observer;
    this.maxHeaderBytes = maxHeaderBytes;
    this.maxLineBytes = maxLineBytes;
  }

  @Override
  public void handle(HttpServerRequest req) {
    Throwable cause = req.decoderResult() == null ? null : req.decoderResult().cause();
    String reference = GatewayHandler.newReference();
    HttpServerResponse resp = req.response();
    Exchange x = new Exchange(req, reference); // counted and logged as route "pre-routing"
    resp.bodyEndHandler(v -> observer.ended(x));
    resp.putHeader(HttpHeaders.DATE, HttpDate.now()).putHeader(H.REQUEST_ID, reference).putHeader(HttpHeaders.CONNECTION, "close");
    if (cause instanceof TooLongHttpHeaderException) {
      Responses.plain(resp, 431, "Request Header Fields Too Large",
          "The request headers are over the limit of " + maxHeaderBytes + " bytes.", reference);
    } else if (cause instanceof Http1Guard.BadVersion v) {
      Responses.plain(resp, v.status, v.status == 505 ? "HTTP Version Not Supported" : "Bad Request", v.getMessage(), reference);
    } else if (cause instanceof TooLongHttpLineException) {
      Responses.plain(resp, 414, "URI Too Long", "The request line is over the limit of " + maxLineBytes + " bytes.", reference);
    } else {
      Responses.plain(resp, 400, "Bad Request",
          "The request is not valid HTTP/1.1 (control characters or a malformed header, Content-Length or chunk).", reference);
    }
  }
}
