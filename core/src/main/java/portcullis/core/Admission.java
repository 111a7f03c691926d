package portcullis.core;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import portcullis.core.replay.Claim;
import portcullis.core.replay.ReplayStore;

/**
 * What follows a scheme's verdict, for the proxy and forward-auth alike: the steps that must run
 * before anything is spent (a nonce quota), then the claims of an
 * authenticated outcome committed in order through the {@link ReplayStore} (a conflict becomes the
 * claim's own failure, the scheme's replay answer), then the post-authentication chain, step by
 * step, each seeing the outcome of the one before. Completes at once when the store and every step
 * do (the in-memory store, the built-in steps). Stateless; thread-safe.
 */
public final class Admission {
  private final ReplayStore replay;
  private final List<AfterAuthentication> before;
  private final List<AfterAuthentication> steps;

  /** @param steps the post-authentication chain, in order ({@link RequiredScopes} first, as a rule) */
  public Admission(ReplayStore replay, List<AfterAuthentication> steps) {
    this(replay, List.of(), steps);
  }

  /**
   * @param beforeClaims steps that run before the claims commit (a refusal there burns no nonce)
   * @param steps the post-authentication chain, after the claims, in order
   */
  public Admission(ReplayStore replay, List<AfterAuthentication> beforeClaims, List<AfterAuthentication> steps) {
    this.replay = replay;
    this.before = List.copyOf(beforeClaims);
    this.steps = List.copyOf(steps);
  }

  /** An admission with the route's scopes as the only step. */
  public static Admission withScopes(ReplayStore replay) {
    return new Admission(replay, List.of(RequiredScopes.INSTANCE));
  }

  public CompletionStage<Outcome> admit(Outcome outcome, RequestView request, RoutePolicy route) {
    if (!(outcome instanceof Outcome.Authenticated a)) {
      return CompletableFuture.completedFuture(outcome);
    }
    if (before.isEmpty()) {
      return then(commit(a, 0), o -> chain(steps, o, 0, request, route));
    }
    return then(chain(before, a, 0, request, route), o -> o instanceof Outcome.Authenticated ok
        ? then(commit(ok, 0), c -> chain(steps, c, 0, request, route)) : CompletableFuture.completedFuture(o));
  }

  private CompletionStage<Outcome> commit(Outcome.Authenticated a, int i) {
    if (i == a.claims().size()) {
      return CompletableFuture.completedFuture(a.committed());
    }
    Claim claim = a.claims().get(i);
    return then(replay.claim(claim), held -> held ? commit(a, i + 1) : CompletableFuture.completedFuture(Outcome.reject(claim.conflict())));
  }

  private static CompletionStage<Outcome> chain(List<AfterAuthentication> steps, Outcome outcome, int i, RequestView request,
      RoutePolicy route) {
    if (i == steps.size() || !(outcome instanceof Outcome.Authenticated a)) {
      return CompletableFuture.completedFuture(outcome);
    }
    return then(steps.get(i).apply(a, request, route), next -> chain(steps, next, i + 1, request, route));
  }

  /**
   * {@code stage.thenCompose(next)}, without its intermediate futures when {@code stage} is complete
   * already (the in-memory store, the built-in steps: the common case, once per step and claim).
   */
  private static <T> CompletionStage<Outcome> then(CompletionStage<T> stage,
      java.util.function.Function<T, CompletionStage<Outcome>> next) {
    if (stage instanceof CompletableFuture<T> f && f.isDone() && !f.isCompletedExceptionally()) {
      try {
        return next.apply(f.join());
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    return stage.thenCompose(next);
  }
}
