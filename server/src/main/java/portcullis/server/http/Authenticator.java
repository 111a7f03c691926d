package portcullis.server.http;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import portcullis.core.Admission;
import portcullis.core.Directory;
import portcullis.core.Gateway;
import portcullis.core.Outcome;
import portcullis.core.RequestView;
import portcullis.core.RoutePolicy;
import portcullis.core.StoreUnavailableException;
import portcullis.server.DirectoryRunner;
import portcullis.server.PasswordChecks;
import portcullis.server.limits.Limiters;

/**
 * Runs a route's schemes in up to three places, each only when the one before cannot answer: on the
 * event loop from the caches; on {@link Directory.WouldBlock} on the bounded worker pool, which may
 * reach the store; on {@link Directory.WouldBlock#HASHING} on the {@link PasswordChecks} threads,
 * which run Argon2id (a full queue there is a 503 with {@code Retry-After} at once). A scheme that
 * needs the body ({@link RequestView.BodyNotRead}) is reported to the caller, which reads it and
 * runs this again. The failed-credential throttle ({@link Limiters}) looks at the client's address
 * before anything runs and at the verdict after it (a wrong secret counted; a refused identity 429
 * even with the right secret). An authenticated verdict is then {@linkplain Admission admitted}: the
 * scheme's single-use values committed to the replay store and the post-authentication chain run.
 * A store failure, a check that could not be made or a scheme's unexpected exception becomes the
 * dialect's 503, logged once.
 */
final class Authenticator {
  private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
  private final Vertx vertx;
  private final DirectoryRunner runner;
  private final Admission admission;
  private final Limiters limiters;

  Authenticator(Vertx vertx, DirectoryRunner runner, Admission admission, Limiters limiters) {
    this.vertx = vertx;
    this.runner = runner;
    this.admission = admission;
    this.limiters = limiters;
  }

  /**
   * Authenticates and hands the outcome to {@code then} on the calling event loop, or calls {@code
   * needsBody} when a scheme asked for a body the view does not have yet.
   */
  void run(RequestView view, RoutePolicy policy, String reference, Consumer<Outcome> then, Runnable needsBody) {
    portcullis.core.Failure refused = limiters.before(view.clientAddress(), () -> claimed(view, policy), policy.dialect(), policy.id());
    if (refused != null) {
      then.accept(Outcome.reject(refused)); // an address that failed too often: no scheme runs, no password is hashed
      return;
    }
    verdict(view, policy, reference, outcome -> {
      java.util.concurrent.CompletionStage<Outcome> judged;
      try {
        judged = limiters.judge(outcome, view.clientAddress(), policy.dialect(), policy.id());
      } catch (RuntimeException e) {
        then.accept(broken(policy, e, reference));
        return;
      }
      whenDone(judged, policy, reference, o -> admit(o, view, policy, reference, then));
    }, needsBody);
  }

  /** Who the request's secret will be checked against, when its scheme can tell cheaply (Basic, Digest); else none. */
  private List<String> claimed(RequestView view, RoutePolicy policy) {
    try {
      portcullis.core.Scheme owner = portcullis.core.Gateway.owner(view, policy);
      String subject = owner == null ? null : owner.claimedSubject(view, runner.directory().nonBlocking());
      return subject == null ? List.of() : List.of(subject);
    } catch (RuntimeException e) { // a scheme that must read the body to recognize it (a form token), a store miss: no claim
      return List.of();
    }
  }

  /**
   * The scheme's verdict admitted ({@link Admission}): its claims committed, then the
   * post-authentication chain. A stage that is already complete (the in-memory store, the built-in
   * steps) goes on at once on this thread; a later one comes back to this request's context.
   */
  private void admit(Outcome outcome, RequestView view, RoutePolicy policy, String reference, Consumer<Outcome> then) {
    if (outcome instanceof Outcome.Rejected) {
      then.accept(outcome);
      return;
    }
    java.util.concurrent.CompletionStage<Outcome> admitted;
    try {
      admitted = admission.admit(outcome, view, policy);
    } catch (RuntimeException e) {
      then.accept(broken(policy, e, reference));
      return;
    }
    whenDone(admitted, policy, reference, then);
  }

  /**
   * Hands {@code stage}'s outcome to {@code then}: at once on this thread when it is complete (the
   * in-memory stores), else back on this request's context; a failed stage becomes the 503.
   */
  private void whenDone(java.util.concurrent.CompletionStage<Outcome> stage, RoutePolicy policy, String reference,
      Consumer<Outcome> then) {
    java.util.concurrent.CompletableFuture<Outcome> admitted = stage.toCompletableFuture();
    if (admitted.isDone()) {
      then.accept(admitted.isCompletedExceptionally() ? broken(policy, cause(admitted), reference) : admitted.join());
      return;
    }
    io.vertx.core.Context context = vertx.getOrCreateContext();
    admitted.whenComplete((o, e) -> context.runOnContext(v -> then.accept(e == null ? o
        : broken(policy, e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e, reference))));
  }

  private static Throwable cause(java.util.concurrent.CompletableFuture<Outcome> failed) {
    try {
      failed.join();
      return new IllegalStateException("not failed");
    } catch (java.util.concurrent.CompletionException e) {
      return e.getCause() == null ? e : e.getCause();
    }
  }

  private void verdict(RequestView view, RoutePolicy policy, String reference, Consumer<Outcome> then, Runnable needsBody) {
    runner.run(directory -> Gateway.authenticate(view, policy, directory)).onComplete(ar -> {
      if (ar.succeeded()) {
        then.accept(ar.result());
      } else if (ar.cause() instanceof RequestView.BodyNotRead) {
        needsBody.run();
      } else {
        then.accept(broken(policy, ar.cause(), reference));
      }
    });
  }

  static Outcome broken(RoutePolicy policy, Throwable e, String reference) {
    if (e instanceof PasswordChecks.Saturated) {
      LOG.debug("route {} request {}: password checks saturated", policy.id(), reference);
      return Outcome.reject(policy.dialect().unavailable().withHeaders(List.of(Map.entry("Retry-After", "1"))));
    }
    if (e instanceof portcullis.core.CheckFailedException) {
      LOG.error("route {} request {}: credentials could not be checked: {} ({})", policy.id(), reference, e.getMessage(),
          e.getCause() == null ? "no cause" : e.getCause().toString());
    } else if (e instanceof StoreUnavailableException) {
      LOG.warn("route {} request {}: store unavailable: {}", policy.id(), reference, e.getMessage());
    } else {
      LOG.error("route {} request {}: a scheme failed unexpectedly", policy.id(), reference, e);
    }
    return Outcome.reject(policy.dialect().unavailable().withHeaders(List.of(Map.entry("Retry-After", "5"))));
  }

}
