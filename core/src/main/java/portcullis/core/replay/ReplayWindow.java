package portcullis.core.replay;

import java.time.Duration;
import java.time.Instant;

/**
 * How long a single-use value must stay in the {@link ReplayGuard}: for as long as the request
 * carrying it can still pass its scheme's time check, counted from that value's own timestamp (not
 * from now), plus a margin. Every scheme with a replay check (KSig1 nonces, OAuth 1.0a nonces,
 * key-token hashed secrets, Digest nonce counts) computes its TTL here. Stateless.
 *
 * <p>A value timestamped {@code t} is accepted while {@code now <= t + acceptedFor}, where the
 * schemes compare whole seconds or milliseconds, inclusively: a timestamp in seconds is still
 * accepted during the whole second after {@code t + acceptedFor}. {@link #MARGIN} (two seconds)
 * covers that rounding unit with a second to spare, so the entry always outlives the last instant
 * the timestamp can pass. Without it a request timestamped {@code now + window} was remembered
 * for {@code 2 x window} from now and could be replayed once more at the very end of its window.
 */
public final class ReplayWindow {
  /** Added to every TTL: more than the coarsest rounding unit (one second) of any timestamp checked. */
  public static final Duration MARGIN = Duration.ofSeconds(2);

  private ReplayWindow() {}

  /**
   * The TTL for a value whose timestamp is {@code timestamp}, accepted until {@code timestamp +
   * acceptedFor}: {@code (timestamp + acceptedFor - now) + MARGIN}, never less than {@code MARGIN}.
   *
   * @param timestamp the instant the value carries (KSig1 / OAuth 1.0a timestamp, key-token
   *     timestamp, Digest nonce issue time), at the precision the scheme reads it
   * @param acceptedFor how long after {@code timestamp} the scheme still accepts it (the clock-skew
   *     window, or a Digest nonce's lifetime)
   * @param now the scheme's clock when the value is recorded
   */
  public static Duration ttl(Instant timestamp, Duration acceptedFor, Instant now) {
    Duration left = Duration.between(now, timestamp.plus(acceptedFor));
    return (left.isNegative() ? Duration.ZERO : left).plus(MARGIN);
  }

  /**
   * The TTL for a value that carries no timestamp of its own (an OAuth 1.0a PLAINTEXT nonce sent
   * without {@code oauth_timestamp}): as long as the longest-lived timestamped value, a timestamp of
   * {@code now + window}. After that it can be replayed; routes that cannot accept this require
   * both parameters ({@code oauth1.requireNonce}).
   */
  public static Duration untimed(Duration window) {
    return window.multipliedBy(2).plus(MARGIN);
  }
}
