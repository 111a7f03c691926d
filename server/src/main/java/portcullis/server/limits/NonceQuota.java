package portcullis.server.limits;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import portcullis.core.AfterAuthentication;
import portcullis.core.Identity;
import portcullis.core.Limit;
import portcullis.core.Outcome;
import portcullis.core.RequestView;
import portcullis.core.RoutePolicy;

/**
 * {@code limits.noncesPerClient}: a client may park at most that many single-use values in the
 * replay store per {@link #WINDOW} (the longest a nonce of the default ±300 s window is kept), so no
 * one client can fill the store and make everybody else's signed requests fail. Runs before the
 * claims commit: a refused request burns nothing and gets 429 in its route's dialect; other clients
 * are not affected. Counted per client key (per account for account-only schemes) with the same
 * rate limiter as the route limits.
 */
public final class NonceQuota implements AfterAuthentication {
  static final Duration WINDOW = Duration.ofSeconds(600);
  private final Limiters limiters;
  private final long quota;

  public NonceQuota(Limiters limiters, long quota) {
    this.limiters = limiters;
    this.quota = quota;
  }

  @Override
  public CompletionStage<Outcome> apply(Outcome.Authenticated a, RequestView request, RoutePolicy route) {
    int claims = a.claims().size();
    if (claims == 0 || quota <= 0) {
      return CompletableFuture.completedFuture(a);
    }
    Identity id = a.identity();
    String key = id.clientKey() != null ? "n|c|" + id.clientKey() : "n|a|" + id.accountId();
    int limit = (int) Math.min(Integer.MAX_VALUE, quota);
    return limiters.rate().take(key, limit, WINDOW.toMillis(), claims).thenApply(d -> {
      limiters.count(Limit.NONCES, route.id(), d.allowed());
      if (d.allowed()) {
        return a;
      }
      long retry = Math.max(1, Limiters.seconds(d.retryAfterMillis()));
      String who = id.clientKey() != null ? "client " + id.clientKey() : "account " + id.accountId();
      limiters.refusals().refused(key, "nonces", who, "over " + quota + " single-use values per " + WINDOW.toSeconds() + " s",
          d.retryAfterMillis());
      return Outcome.reject(route.dialect().tooManyRequests(Limit.NONCES, "This app has " + quota
          + " single-use values (nonces) in the replay store, its quota (limits.noncesPerClient); retry in " + retry + " s.", retry));
    });
  }
}
