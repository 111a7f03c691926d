package portcullis.server.http;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import portcullis.core.Directory;
import portcullis.core.Failure;
import portcullis.core.Gateway;
import portcullis.core.Outcome;
import portcullis.core.RequestView;
import portcullis.core.RoutePolicy;
import portcullis.core.StoreUnavailableException;
import portcullis.server.CachingDirectory;

/**
 * Runs a route's schemes: first on the event loop from the caches; on {@link Directory.WouldBlock}
 * again on the bounded worker pool. A store failure or a scheme's unexpected exception becomes the
 * dialect's 503, logged once; the caller sees an {@link Outcome} either way.
 */
final class Authenticator {
  private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
  private final CachingDirectory directory;
  private final WorkerExecutor worker;
  private final Metrics metrics;

  Authenticator(CachingDirectory directory, WorkerExecutor worker, Metrics metrics) {
    this.directory = directory;
    this.worker = worker;
    this.metrics = metrics;
  }

  /** Authenticates and hands the outcome to {@code then} on the calling event loop. */
  void run(RequestView view, RoutePolicy policy, String reference, Consumer<Outcome> then) {
    Outcome outcome;
    try {
      outcome = Gateway.authenticate(view, policy, directory.nonBlocking());
    } catch (Directory.WouldBlock wouldBlock) {
      metrics.slowPath();
      worker.executeBlocking(() -> Gateway.authenticate(view, policy, directory.blocking()), false)
          .onComplete(ar -> then.accept(ar.succeeded() ? ar.result() : broken(policy, ar.cause(), reference)));
      return;
    } catch (RuntimeException e) {
      outcome = broken(policy, e, reference);
    }
    then.accept(outcome);
  }

  private static Outcome broken(RoutePolicy policy, Throwable e, String reference) {
    if (e instanceof StoreUnavailableException) {
      LOG.warn("route {} request {}: store unavailable: {}", policy.id(), reference, e.getMessage());
    } else {
      LOG.error("route {} request {}: a scheme failed unexpectedly", policy.id(), reference, e);
    }
    return Outcome.reject(policy.dialect().unavailable().withHeaders(List.of(Map.entry("Retry-After", "5"))));
  }

  /** Writes a failure: status, its headers, the dialect's body, {@code Cache-Control: no-store}. */
  static void reject(HttpServerResponse resp, Failure f, String reference) {
    if (LOG.isDebugEnabled()) {
      LOG.debug("request {} rejected {} {}: {}", reference, f.status(), f.code(), f.logDetail());
    }
    for (var h : f.headers()) {
      resp.headers().add(h.getKey(), h.getValue());
    }
    resp.setStatusCode(f.status()).putHeader(H.CONTENT_TYPE, f.dialect().contentType())
        .putHeader(H.CACHE_CONTROL, H.NO_STORE).end(Buffer.buffer(f.body(reference)));
  }
}
