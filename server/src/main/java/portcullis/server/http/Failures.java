package portcullis.server.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import portcullis.core.Failure;

/**
 * The one writer of a {@link Failure} to a response, for the gateway's routes and every endpoint it
 * answers itself: the failure's status, its headers (challenges, {@code Retry-After}), the dialect's
 * body with the request id as {@code reference}, {@code Cache-Control: no-store}; a debug line with
 * its (sanitized) log detail. Nothing is written to a response that has already ended.
 */
public final class Failures {
  private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

  private Failures() {}

  /** Writes {@code f} with its own status and its dialect's content type. */
  public static void write(HttpServerResponse resp, Failure f) {
    write(resp, f, f.status(), f.dialect().contentType());
  }

  /** Writes {@code f} with another status or content type (the OAuth2 token endpoint's own). */
  public static void write(HttpServerResponse resp, Failure f, int status, String contentType) {
    if (resp.ended()) {
      return;
    }
    String reference = resp.headers().get(H.REQUEST_ID);
    if (LOG.isDebugEnabled()) {
      LOG.debug("request {} rejected {} {}: {}", reference, status, f.code(), f.logDetail());
    }
    for (var h : f.headers()) {
      resp.headers().add(h.getKey(), h.getValue());
    }
    resp.setStatusCode(status).putHeader(H.CONTENT_TYPE, contentType).putHeader(H.CACHE_CONTROL, H.NO_STORE)
        .end(Buffer.buffer(f.body(reference == null ? "" : reference)));
  }
}
