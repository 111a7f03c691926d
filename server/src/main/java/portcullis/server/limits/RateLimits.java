package portcullis.server.limits;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import portcullis.core.AfterAuthentication;
import portcullis.core.Identity;
import portcullis.core.Limit;
import portcullis.core.Outcome;
import portcullis.core.RequestView;
import portcullis.core.RoutePolicy;
import portcullis.core.store.RateLimit;

/**
 * The rate-limit step of the post-authentication chain: on a route with a {@code rateLimit} (or for a
 * client with one of its own), counts the request per client key (per account for account-only
 * Basic, per client IP for anonymous public-key access) and adds the fields of
 * draft-ietf-httpapi-ratelimit-headers-10 to the response, {@code RateLimit-Policy: "default";q=N;w=W}
 * and {@code RateLimit: "default";r=REMAINING;t=SECONDS}, plus {@code X-RateLimit-*} when {@code
 * limits.legacyRateLimitHeaders} is on. Over the limit: 429 in the route's dialect with {@code
 * Retry-After} and the same fields. Runs after the claims commit, so a replayed request never counts.
 */
public final class RateLimits implements AfterAuthentication {
  /** The scheme id of key-token public access (the public key alone), counted per client IP. */
  static final String PUBLIC_KEY_SCHEME = portcullis.core.scheme.keytoken.KeyTokenScheme.PUBLIC_SCHEME;
  private final Limiters limiters;
  private final Map<RoutePolicy, RateLimit> routes;
  private final Function<String, RateLimit> ownLimit;
  private final boolean legacy;
  /** {@code RateLimit-Policy} values, made once per limit. */
  private final java.util.concurrent.ConcurrentHashMap<RateLimit, String> policies = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * @param routes each limited route's limit (by policy identity)
   * @param ownLimit a client's own limit from what the node has cached (null: none, or not cached)
   */
  public RateLimits(Limiters limiters, IdentityHashMap<RoutePolicy, RateLimit> routes, Function<String, RateLimit> ownLimit,
      boolean legacy) {
    this.limiters = limiters;
    this.routes = new IdentityHashMap<>(routes);
    this.ownLimit = ownLimit;
    this.legacy = legacy;
  }

  /** Whether any route is limited (else a client's own limit is still honoured). */
  public boolean anyRoute() {
    return !routes.isEmpty();
  }

  @Override
  public CompletionStage<Outcome> apply(Outcome.Authenticated a, RequestView request, RoutePolicy route) {
    Identity id = a.identity();
    RateLimit own = id.clientKey() == null ? null : ownLimit.apply(id.clientKey());
    RateLimit limit = own != null ? own : routes.get(route);
    if (limit == null) {
      return CompletableFuture.completedFuture(a);
    }
    String key = key(id, request.clientAddress());
    long windowMillis = limit.window().toMillis();
    RateLimiter.Decision now = limiters.rate().takeNow(key, limit.requests(), windowMillis, 1);
    if (now != null) { // in memory: no future to make
      return CompletableFuture.completedFuture(answer(a, request, route, id, limit, key, now));
    }
    return limiters.rate().take(key, limit.requests(), windowMillis, 1).thenApply(d -> answer(a, request, route, id, limit, key, d));
  }

  private Outcome answer(Outcome.Authenticated a, RequestView request, RoutePolicy route, Identity id, RateLimit limit, String key,
      RateLimiter.Decision d) {
    List<Map.Entry<String, String>> headers = headers(limit, d);
    limiters.counted(route.id(), d.allowed());
    if (d.allowed()) {
      return a.withResponseHeaders(headers);
    }
    long retry = Limiters.seconds(d.retryAfterMillis());
    String who = id.clientKey() != null ? "client " + id.clientKey() : "account " + id.accountId();
    limiters.refusals().refused(key, "rate", who + (key.startsWith("r|pk|") ? " from " + request.clientAddress() : ""),
        "over " + limit.requests() + " requests per " + limit.window().toSeconds() + " s", d.retryAfterMillis());
    return Outcome.reject(route.dialect().tooManyRequests(Limit.RATE, "Rate limit exceeded: at most " + limit.requests()
        + " requests per " + limit.window().toSeconds() + " s for this " + (id.clientKey() != null ? "app" : "account")
        + "; retry in " + retry + " s.", retry).withHeaders(headers));
  }

  static String key(Identity id, String ip) {
    if (PUBLIC_KEY_SCHEME.equals(id.scheme())) {
      return "r|pk|" + id.clientKey() + "|" + ip;
    }
    return id.clientKey() != null ? "r|c|" + id.clientKey() : "r|a|" + id.accountId();
  }

  private List<Map.Entry<String, String>> headers(RateLimit limit, RateLimiter.Decision d) {
    long reset = Limiters.seconds(d.resetMillis());
    List<Map.Entry<String, String>> h = new ArrayList<>(legacy ? 5 : 2);
    h.add(Map.entry("RateLimit-Policy", policies.computeIfAbsent(limit, l -> "\"default\";q=" + l.requests() + ";w=" + l.window().toSeconds())));
    h.add(Map.entry("RateLimit", "\"default\";r=" + d.remaining() + ";t=" + reset));
    if (legacy) {
      h.add(Map.entry("X-RateLimit-Limit", Integer.toString(limit.requests())));
      h.add(Map.entry("X-RateLimit-Remaining", Long.toString(d.remaining())));
      h.add(Map.entry("X-RateLimit-Reset", Long.toString(reset)));
    }
    return h;
  }
}
