package portcullis.server.limits;

import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link RateLimiter} in this node's memory: per key one {@link AtomicLong}, the theoretical arrival
 * time in microseconds, moved by compare-and-set (no lock: two event loops on one key retry, they
 * never wait). {@code divisor} > 1 is the fallback of a cluster node that lost Redis: each node then
 * allows the limit divided by the expected number of nodes. Keys whose allowance is whole again are
 * swept ({@link #sweep}).
 */
public final class LocalRateLimiter implements RateLimiter {
  private final InstantSource clock;
  private final int divisor;
  private final ConcurrentHashMap<String, AtomicLong> tat = new ConcurrentHashMap<>();

  public LocalRateLimiter(InstantSource clock) {
    this(clock, 1);
  }

  public LocalRateLimiter(InstantSource clock, int divisor) {
    this.clock = clock;
    this.divisor = Math.max(1, divisor);
  }

  @Override
  public CompletionStage<Decision> take(String key, int requests, long windowMillis, int cost) {
    return CompletableFuture.completedFuture(decide(key, requests, windowMillis, cost));
  }

  @Override
  public Decision takeNow(String key, int requests, long windowMillis, int cost) {
    return decide(key, requests, windowMillis, cost);
  }

  /** The decision itself, at once (what {@link #take} completes with). */
  public Decision decide(String key, int requests, long windowMillis, int cost) {
    int limit = Math.max(1, requests / divisor);
    long window = windowMillis * 1000;
    long interval = Math.max(1, window / limit);
    long now = clock.millis() * 1000;
    AtomicLong cell = tat.get(key);
    if (cell == null) {
      cell = tat.computeIfAbsent(key, k -> new AtomicLong());
    }
    while (true) {
      long t = cell.get();
      long next = Math.max(t, now) + interval * cost;
      if (next - now > window) {
        long retry = next - window - now;
        return new Decision(false, 0, micros(Math.max(0, t - now)), micros(retry));
      }
      if (cell.compareAndSet(t, next)) {
        return new Decision(true, (window - (next - now)) / interval, micros(next - now), 0);
      }
    }
  }

  private static long micros(long us) {
    return (us + 999) / 1000;
  }

  @Override
  public CompletionStage<Void> reset(String key) {
    tat.remove(key);
    return CompletableFuture.completedFuture(null);
  }

  /** Forgets keys whose allowance is whole again. */
  @Override
  public void sweep() {
    long now = clock.millis() * 1000;
    tat.entrySet().removeIf(e -> e.getValue().get() <= now);
  }

  public int size() {
    return tat.size();
  }
}
