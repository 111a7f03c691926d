package portcullis.server.redis;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import portcullis.server.limits.LocalRateLimiter;
import portcullis.server.limits.RateLimiter;

/**
 * The {@link RateLimiter} every node shares: the GCRA of {@link LocalRateLimiter} as one Lua script
 * ({@link #GCRA}) on Redis's own clock, one round trip per decision from the event loop, one key per
 * counted identity under {@link #PREFIX} that expires once its allowance is whole again. When Redis
 * does not answer, the decision is made by a local limiter allowing the limit divided by {@code
 * cluster.expectedNodes} (so the cluster as a whole stays near the limit), counted in {@code
 * portcullis_limits_fallback_decisions_total}; Redis answers again, the shared counts take over.
 */
public final class RedisRateLimiter implements RateLimiter {
  private static final Logger LOG = LoggerFactory.getLogger(RedisRateLimiter.class);
  public static final String PREFIX = "portcullis:rl:";

  /**
   * KEYS[1] the key; ARGV window, interval, cost (microseconds, microseconds, requests). Returns
   * {allowed (1/0), remaining, microseconds until whole, microseconds until one more passes}.
   * Times are Redis's (TIME), so every node's decisions agree; numbers stay exact below 2^53.
   */
  static final String GCRA = """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
      local window = tonumber(ARGV[1])
      local interval = tonumber(ARGV[2])
      local cost = tonumber(ARGV[3])
      local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
      if tat < now then tat = now end
      local nxt = tat + interval * cost
      if nxt - now > window then
        return {0, 0, tat - now, nxt - window - now}
      end
      redis.call('SET', KEYS[1], string.format('%.0f', nxt), 'PX', math.floor((nxt - now) / 1000) + 1)
      return {1, math.floor((window - (nxt - now)) / interval), nxt - now, 0}
      """;
  private static final RedisScripts SCRIPT = new RedisScripts(GCRA);

  private final RedisConnection redis;
  private final LocalRateLimiter fallback;
  private final Counter fallbacks;
  private volatile long warnedAt;

  public RedisRateLimiter(RedisConnection redis, InstantSource clock, int expectedNodes, MeterRegistry registry) {
    this.redis = redis;
    this.fallback = new LocalRateLimiter(clock, expectedNodes);
    this.fallbacks = Counter.builder("portcullis.limits.fallback.decisions")
        .description("Rate-limit decisions made locally (limit / cluster.expectedNodes) because Redis did not answer")
        .register(registry);
    io.micrometer.core.instrument.Gauge.builder("portcullis.limits.local", () -> redis.isUp() ? 0 : 1)
        .description("1 while Redis is unreachable and this node enforces limits alone (limit / cluster.expectedNodes)")
        .register(registry);
  }

  @Override
  public CompletionStage<Decision> take(String key, int requests, long windowMillis, int cost) {
    long window = windowMillis * 1000;
    long interval = Math.max(1, window / Math.max(1, requests));
    if (!redis.isUp()) {
      return java.util.concurrent.CompletableFuture.completedFuture(local(key, requests, windowMillis, cost, null));
    }
    return SCRIPT.run(redis, List.of(PREFIX + key), List.of(Long.toString(window), Long.toString(interval), Integer.toString(cost)))
        .map(RedisRateLimiter::decision)
        .recover(e -> Future.succeededFuture(local(key, requests, windowMillis, cost, e)))
        .toCompletionStage();
  }

  private Decision local(String key, int requests, long windowMillis, int cost, Throwable why) {
    fallbacks.increment();
    long now = System.currentTimeMillis();
    if (now - warnedAt > 60_000) {
      warnedAt = now;
      LOG.warn("rate limits: Redis did not answer ({}); this node decides alone, allowing each limit / cluster.expectedNodes",
          why == null ? "down" : why.getMessage());
    }
    return fallback.decide(key, requests, windowMillis, cost);
  }

  private static Decision decision(Response r) {
    boolean allowed = r.get(0).toLong() == 1;
    return new Decision(allowed, r.get(1).toLong(), (r.get(2).toLong() + 999) / 1000, (r.get(3).toLong() + 999) / 1000);
  }

  @Override
  public CompletionStage<Void> reset(String key) {
    fallback.reset(key);
    return redis.send(Request.cmd(Command.DEL).arg(PREFIX + key)).<Void>mapEmpty().toCompletionStage();
  }

  /** Forgets what the local fallback counted. */
  @Override
  public void sweep() {
    fallback.sweep();
  }
}
