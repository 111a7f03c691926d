package portcullis.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The one movable clock of the tests: a UTC clock a test sets and moves by hand (both a {@link
 * Clock} and an {@code InstantSource}). Thread-safe.
 */
public final class MovableClock extends Clock {
  private volatile Instant now;

  public MovableClock(Instant now) {
    this.now = now;
  }

  /**
   * A clock at the real now, on a whole millisecond (third-party verifiers then accept iat/exp it
   * stamps; the store keeps timestamps to the microsecond, so an expiry of now + TTL with a
   * nanosecond part could be rounded up past the instant a test moves the clock to).
   */
  public static MovableClock atNow() {
    return new MovableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }

  public void set(Instant instant) {
    now = instant;
  }

  public synchronized void advance(Duration d) {
    now = now.plus(d);
  }

  public void advanceSeconds(long seconds) {
    advance(Duration.ofSeconds(seconds));
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public long millis() {
    return now.toEpochMilli();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
