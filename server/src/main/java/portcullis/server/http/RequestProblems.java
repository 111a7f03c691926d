package portcullis.server.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import portcullis.core.text.PercentEncoding;

/**
 * The client's mistakes vertx-web refuses before any handler of a gateway-owned endpoint runs, in
 * words that say what to fix, for each endpoint's failure handler to answer in its own format
 * (OAuth2, seed 003, seed 000, HTML pages, admin API). Stateless.
 */
public final class RequestProblems {
  private RequestProblems() {}

  /**
   * Why the request's Host (HTTP/2: {@code :authority}) is refused, or null when it is fine. The
   * router fails HTTP/1.1 and HTTP/2 requests without a valid one with 400; HTTP/1.0 may leave it
   * out. The value is not repeated back: it is the caller's own and may be anything.
   */
  public static String host(HttpServerRequest req) {
    if (req.version() == HttpVersion.HTTP_1_0 || req.authority() != null) {
      return null;
    }
    if (req.version() == HttpVersion.HTTP_2) {
      return "The request has no valid :authority; send the server's host name or address (host or host:port).";
    }
    return req.getHeader("Host") == null
        ? "The request has no Host header; HTTP/1.1 requires one naming the server (host or host:port)."
        : "The Host header is not a valid host or host:port; send the server's host name or address, with a port of 1 to 65535 if any.";
  }

  /** What {@link #query} answers for a query with a malformed escape. */
  public static final String MALFORMED_QUERY =
      "The query string has a malformed percent-encoding (a % must be followed by two hex digits).";

  /**
   * Why a raw query string cannot be decoded ({@link #MALFORMED_QUERY}: a '%' not followed by two
   * hex digits), or null when it can. Check it before anything reads the request's parameters:
   * vertx-web's path parameters decode the query and throw (logged with a stack trace) otherwise.
   */
  public static String query(String rawQuery) {
    return rawQuery != null && PercentEncoding.malformedAt(rawQuery) >= 0 ? MALFORMED_QUERY : null;
  }

  /**
   * For a router failure with a 4xx status (not a bug of ours): what the client should fix, or null
   * when the failure is not the client's (an exception from a handler, a 5xx).
   */
  public static String clientError(RoutingContext ctx) {
    int status = ctx.statusCode();
    if (status < 400 || status >= 500) {
      return null;
    }
    String host = host(ctx.request());
    if (host != null) {
      return host;
    }
    return "The request could not be processed.";
  }
}
