package portcullis.server.limits;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import portcullis.core.Dialect;
import portcullis.core.Failure;
import portcullis.core.Limit;
import portcullis.core.Outcome;
import portcullis.core.Subject;
import portcullis.server.config.Settings;

/**
 * Every limit the gateway enforces on its clients, in one place: the failed-credential throttle
 * ({@link FailedLogins}), the rate limiter behind {@link RateLimits} and {@link NonceQuota}, what was
 * refused lately (for {@code GET /admin/throttles}) and their metrics ({@code
 * portcullis_limit_decisions_total{limit,route,outcome}}, {@code portcullis_throttles_active}). The
 * throttle's answers: {@link #before} (an address refused outright, checked before any work), and
 * {@link #judge} after a verdict (a wrong secret recorded; a refused pair answered 429 even with the
 * right secret, so guessing cannot go on). Thread-safe.
 */
public final class Limiters {
  private final FailedLogins failed;
  private final RateLimiter rate;
  private final Refusals refusals;
  private final Settings.Limits settings;
  private final MeterRegistry registry;
  private final ConcurrentHashMap<String, Counter[]> decisions = new ConcurrentHashMap<>();

  public Limiters(FailedLogins failed, RateLimiter rate, Settings.Limits settings, InstantSource clock, MeterRegistry registry) {
    this.failed = failed;
    this.rate = rate;
    this.settings = settings;
    this.refusals = new Refusals(clock);
    this.registry = registry;
    Gauge.builder("portcullis.throttles.active", () -> active().size())
        .description("Throttles and rate-limit refusals in force now (as GET /admin/throttles lists them)").register(registry);
  }

  /** Limits kept in this node's memory (no Redis). */
  public static Limiters local(Settings.Limits settings, InstantSource clock, MeterRegistry registry) {
    return new Limiters(new LocalFailedLogins(settings.failedLogins(), clock), new LocalRateLimiter(clock), settings, clock, registry);
  }

  public RateLimiter rate() {
    return rate;
  }

  public FailedLogins failedLogins() {
    return failed;
  }

  Refusals refusals() {
    return refusals;
  }

  public Settings.Limits settings() {
    return settings;
  }

  /** Whole seconds for a wait in milliseconds, rounded up (Retry-After, RateLimit's t). */
  static long seconds(long millis) {
    return Math.max(0, (millis + 999) / 1000);
  }

  void counted(String route, boolean allowed) {
    count(Limit.RATE, route, allowed);
  }

  void count(Limit limit, String route, boolean allowed) {
    Counter[] byOutcome = decisions.get(route); // looked up by route alone: the hot path makes no key string
    if (byOutcome == null) {
      byOutcome = decisions.computeIfAbsent(route, r -> new Counter[Limit.values().length * 2]);
    }
    int i = limit.ordinal() * 2 + (allowed ? 0 : 1);
    Counter c = byOutcome[i];
    if (c == null) {
      c = Counter.builder("portcullis.limit.decisions")
          .description("Limit decisions by limit, route and outcome").tag("limit", limit.id()).tag("route", route)
          .tag("outcome", allowed ? "allowed" : "refused").register(registry); // the registry returns the same meter for the same tags
      byOutcome[i] = c;
    }
    c.increment();
  }

  private Failure throttled(Dialect dialect, long waitMillis, String route) {
    count(Limit.FAILED_LOGINS, route, false);
    long s = Math.max(1, seconds(waitMillis));
    return dialect.tooManyRequests(Limit.FAILED_LOGINS, "Too many failed attempts: this address may try again in " + s + " s.", s);
  }

  /** The 429 for an address refused outright (too many failures from it), or null; nothing is done for it then. */
  public Failure before(String ip, Dialect dialect, String route) {
    return before(ip, List.of(), dialect, route);
  }

  /**
   * The same, also for the identities the request claims (a Basic user name): a pair refused already
   * is answered before its password is hashed.
   */
  public Failure before(String ip, java.util.function.Supplier<List<String>> claimed, Dialect dialect, String route) {
    return failed.nothingRecorded() ? null : before(ip, claimed.get(), dialect, route); // no failures: nobody to refuse
  }

  /** The same, the claimed identities given. */
  public Failure before(String ip, List<String> claimed, Dialect dialect, String route) {
    long wait = failed.blockedFor(ip, claimed);
    return wait > 0 ? throttled(dialect, wait, route) : null;
  }

  /**
   * After a verdict: an authenticated identity refused for this address (its account or client
   * throttled here) becomes a 429; a wrong secret is recorded (or, when the pair is refused already,
   * answered 429); anything else passes unchanged.
   */
  public CompletionStage<Outcome> judge(Outcome outcome, String ip, Dialect dialect, String route) {
    if (outcome instanceof Outcome.Authenticated a) {
      long wait = failed.blockedFor(ip, Subject.of(a.identity()));
      return CompletableFuture.completedFuture(wait > 0 ? Outcome.reject(throttled(dialect, wait, route)) : outcome);
    }
    Failure f = ((Outcome.Rejected) outcome).failure();
    return judgeFailure(f, ip, route).thenApply(j -> j == f ? outcome : Outcome.reject(j));
  }

  /** A failure after its secret was checked: returned as is once recorded, or the 429 (in its dialect) when refused. */
  public CompletionStage<Failure> judgeFailure(Failure f, String ip, String route) {
    if (f.wrongSecretOf() == null) {
      return CompletableFuture.completedFuture(f);
    }
    return failed.failed(ip, f.wrongSecretOf()).thenApply(wait -> wait > 0 ? throttled(f.dialect(), wait, route) : f);
  }

  /** For an endpoint that checked a secret and found it right: the 429 when these subjects are refused for {@code ip}, else null. */
  public Failure judgeSuccess(List<String> subjects, String ip, Dialect dialect, String route) {
    long wait = failed.blockedFor(ip, subjects);
    return wait > 0 ? throttled(dialect, wait, route) : null;
  }

  /** Everything refused now: failed-login throttles, then rate-limit and nonce-quota refusals. */
  public List<FailedLogins.Throttle> active() {
    List<FailedLogins.Throttle> all = new ArrayList<>(failed.active());
    all.addAll(refusals.active());
    all.sort(java.util.Comparator.comparingLong(FailedLogins.Throttle::untilMillis).reversed());
    return all;
  }

  /** Clears one throttle by id; false when there is none. */
  public CompletionStage<Boolean> clear(String id) {
    String rateKey = Refusals.key(id);
    if (rateKey != null) {
      boolean known = refusals.remove(rateKey);
      return rate.reset(rateKey).thenApply(v -> known);
    }
    return failed.clear(id);
  }

  /** Forgets what no longer counts; called every few seconds. */
  public void sweep() {
    failed.sweep();
    rate.sweep();
    refusals.sweep();
  }
}
