package portcullis.core.store;

import java.time.Duration;
import java.util.Objects;

/**
 * A rate limit: at most {@code requests} per {@code window}. A route's {@code rateLimit}, or one
 * client's own (set through the admin API), which then replaces the route's for that client.
 */
public record RateLimit(int requests, Duration window) {
  public RateLimit {
    Objects.requireNonNull(window, "window == null");
    if (requests < 1) {
      throw new IllegalArgumentException("requests < 1");
    }
    if (window.toSeconds() < 1) {
      throw new IllegalArgumentException("window under a second");
    }
  }

  public static RateLimit of(int requests, long windowSeconds) {
    return new RateLimit(requests, Duration.ofSeconds(windowSeconds));
  }
}
