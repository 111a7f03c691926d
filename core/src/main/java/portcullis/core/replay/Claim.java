package portcullis.core.replay;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import portcullis.core.Failure;

/**
 * A single-use value a scheme needs before its verdict stands: a nonce seen for the first time
 * ({@link #firstUse}), or a count that must increase ({@link #increase}, Digest's nonce count). A
 * scheme states its claims once the request is verified; the gateway commits them through a {@link
 * ReplayStore}, and a conflict is answered with {@link #conflict}, the scheme's own replay answer.
 * A request that failed verification states none, so it burns nothing.
 *
 * @param key a namespaced key, e.g. {@code "ksig1:" + clientKey + ":" + nonce}
 * @param value 0 for a first use; else the count, which must be greater than the one stored
 * @param ttl how long the value must be remembered ({@link ReplayWindow#ttl})
 * @param onConflict makes the failure for a value already used (or a count not greater); called only
 *     then, so a request that passes builds no failure (a Digest challenge, say, issues a nonce)
 */
public record Claim(String key, long value, Duration ttl, Supplier<Failure> onConflict) {
  public Claim {
    Objects.requireNonNull(key, "key == null");
    Objects.requireNonNull(ttl, "ttl == null");
    Objects.requireNonNull(onConflict, "onConflict == null");
    if (value < 0) {
      throw new IllegalArgumentException("value < 0");
    }
  }

  /** {@code key} must not have been claimed within {@code ttl}. */
  public static Claim firstUse(String key, Duration ttl, Supplier<Failure> conflict) {
    return new Claim(key, 0, ttl, conflict);
  }

  /** The same, with a failure already made. */
  public static Claim firstUse(String key, Duration ttl, Failure conflict) {
    return firstUse(key, ttl, () -> conflict);
  }

  /** The count stored under {@code key} (0 when absent) must be lower than {@code value} ({@code value} >= 1). */
  public static Claim increase(String key, long value, Duration ttl, Supplier<Failure> conflict) {
    if (value < 1) {
      throw new IllegalArgumentException("a count starts at 1");
    }
    return new Claim(key, value, ttl, conflict);
  }

  /** The same, with a failure already made. */
  public static Claim increase(String key, long value, Duration ttl, Failure conflict) {
    return increase(key, value, ttl, () -> conflict);
  }

  /** The failure to answer when this claim does not hold: the scheme's replay answer. */
  public Failure conflict() {
    return onConflict.get().because(portcullis.core.Reason.REPLAY);
  }

  /** This claim with its conflict answer passed through {@code f} (when it is needed). */
  public Claim mapConflict(java.util.function.UnaryOperator<Failure> f) {
    return new Claim(key, value, ttl, () -> f.apply(onConflict.get()));
  }

  /** Whether this is a first use (else a count that must increase). */
  public boolean isFirstUse() {
    return value == 0;
  }
}
