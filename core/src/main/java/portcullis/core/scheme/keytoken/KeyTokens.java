package portcullis.core.scheme.keytoken;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import portcullis.core.crypto.Crypto;

/** Key-token values: new random tokens, their stored hash, and the seed-003 hashed secret. Stateless. */
public final class KeyTokens {
  /** Timestamps at or above this are Unix milliseconds; below, Unix seconds. */
  static final long MILLIS_THRESHOLD = 100_000_000_000L;

  private KeyTokens() {}

  /** A new token: 32 random bytes (256 bits), base64url without padding (43 characters). */
  public static String newToken() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Crypto.randomBytes(32));
  }

  /** A new public token id, for the admin API. */
  public static String newId() {
    return "kt_" + Crypto.randomBase62(20);
  }

  /** What is stored and looked up instead of the token: lowercase hex SHA-256. */
  public static String hash(String token) {
    return Crypto.sha256Hex(token);
  }

  /** The seed-003 hashed secret: {@code base64(sha256(client_secret + timestamp))}. */
  public static String hashedSecret(String clientSecret, String timestamp) {
    return Base64.getEncoder().encodeToString(Crypto.sha256((clientSecret + timestamp).getBytes(StandardCharsets.UTF_8)));
  }

  /** A timestamp in Unix milliseconds, or seconds (below {@value #MILLIS_THRESHOLD}), as milliseconds. */
  static long toMillis(long timestamp) {
    return timestamp >= MILLIS_THRESHOLD ? timestamp : timestamp * 1000L;
  }
}
