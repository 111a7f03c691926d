package portcullis.server;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock tests move by hand: starts at the real now, then only moves when told to. Thread-safe.
 * It starts on a whole millisecond: the store keeps timestamps to the microsecond, so an expiry of
 * now + TTL with a nanosecond part could be rounded up past the instant a test moves the clock to.
 */
public final class TestClock implements InstantSource {
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now().truncatedTo(ChronoUnit.MILLIS));

  @Override
  public Instant instant() {
    return now.get();
  }

  public void advance(Duration d) {
    now.updateAndGet(t -> t.plus(d));
  }
}
