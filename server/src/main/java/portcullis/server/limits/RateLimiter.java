package portcullis.server.limits;

import java.util.concurrent.CompletionStage;

/**
 * Counts requests per key against a limit of {@code requests} per {@code windowMillis}, as a GCRA
 * (generic cell rate algorithm, the leaky bucket as a meter): one number per key, the theoretical
 * arrival time; a burst of the whole limit is allowed, then one request per {@code window/requests}.
 * Thread-safe.
 */
public interface RateLimiter {
  /**
   * Takes {@code cost} requests from {@code key}'s allowance. Completes at once in memory; one round
   * trip in Redis.
   */
  CompletionStage<Decision> take(String key, int requests, long windowMillis, int cost);

  /** The decision at once when this limiter can make it without waiting (in memory), else null: call {@link #take}. */
  default Decision takeNow(String key, int requests, long windowMillis, int cost) {
    return null;
  }

  /** Forgets keys whose allowance is whole again; called every few seconds. */
  default void sweep() {}

  /** Gives {@code key} its whole allowance back (the operator cleared its throttle). */
  CompletionStage<Void> reset(String key);

  /**
   * @param allowed whether the request may go on
   * @param remaining requests still allowed right now after this one
   * @param resetMillis milliseconds until the whole allowance is back
   * @param retryAfterMillis when refused: milliseconds until one more request would pass
   */
  record Decision(boolean allowed, long remaining, long resetMillis, long retryAfterMillis) {}
}
