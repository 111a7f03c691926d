package portcullis.core.replay;

import java.time.Duration;

/**
 * Remembers single-use values (OAuth 1.0a nonces, KSig1 nonces, Digest nonce counts, hashed
 * key-token secrets) for as long as they could be replayed. The in-memory implementation is bounded;
 * a cluster uses the Redis one so that every node sees every use. Thread-safe.
 */
public interface ReplayGuard {
  /**
   * Records {@code key} and answers whether this is its first use within {@code ttl}. Atomic: of two
   * concurrent calls with the same key, exactly one gets {@code true}.
   *
   * @param key a namespaced key, e.g. {@code "ksig1:" + clientKey + ":" + nonce}
   * @param ttl how long the key must be remembered (at least the replay window)
   */
  boolean firstUse(String key, Duration ttl);

  /**
   * Raises the value stored under {@code key} to {@code value} when {@code value} is greater, and
   * answers whether it was (Digest nonce counts must increase). Absent keys count as 0.
   */
  boolean increase(String key, long value, Duration ttl);
}
