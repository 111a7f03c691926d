package portcullis.core.scheme.digest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import portcullis.core.crypto.Crypto;

/**
 * Stateless server nonces: base64url(issued-at seconds (8 bytes) + 8 random bytes + the first 16
 * bytes of HMAC-SHA256(key, the first 16 bytes)). Any node holding the key checks them without
 * shared state; the nonce counts are tracked separately by the replay guard. Thread-safe.
 */
final class DigestNonces {
  /** How far a nonce's time may lie ahead of this node's clock (clock skew between nodes). */
  static final long FUTURE_SKEW_SECONDS = 60;
  private static final int LENGTH = 32;
  private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DEC = Base64.getUrlDecoder();

  enum State { FRESH, STALE, INVALID }

  private final SecretKeySpec key;
  private final InstantSource clock;
  private final long ttlSeconds;
  private final ThreadLocal<Mac> mac;

  DigestNonces(byte[] key, InstantSource clock, Duration ttl) {
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    this.clock = clock;
    this.ttlSeconds = ttl.toSeconds();
    this.mac = ThreadLocal.withInitial(this::newMac);
  }

  private Mac newMac() {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(key);
      return m;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  String issue() {
    ByteBuffer b = ByteBuffer.allocate(LENGTH);
    b.putLong(clock.instant().getEpochSecond()).put(Crypto.randomBytes(8));
    b.put(tag(b.array()));
    return ENC.encodeToString(b.array());
  }

  State check(String nonce) {
    if (nonce == null || nonce.length() != 43) {
      return State.INVALID;
    }
    byte[] raw;
    try {
      raw = DEC.decode(nonce);
    } catch (IllegalArgumentException e) {
      return State.INVALID;
    }
    if (raw.length != LENGTH || !Crypto.constantTimeEquals(tag(raw), Arrays.copyOfRange(raw, 16, LENGTH))) {
      return State.INVALID;
    }
    long issued = ByteBuffer.wrap(raw).getLong();
    long now = clock.instant().getEpochSecond();
    if (issued > now + FUTURE_SKEW_SECONDS) {
      return State.INVALID;
    }
    return now - issued > ttlSeconds ? State.STALE : State.FRESH;
  }

  /**
   * When a nonce was issued (Unix seconds), read from the nonce itself; call only for a nonce
   * {@link #check} did not find {@code INVALID}. It is accepted as fresh until {@code issued +
   * ttl}, so its nonce counts must be remembered that long ({@code ReplayWindow}).
   */
  static long issuedSeconds(String nonce) {
    return ByteBuffer.wrap(DEC.decode(nonce)).getLong();
  }

  /** Opaque values by realm (the routes' configured realms: a handful), made once each. */
  private final java.util.concurrent.ConcurrentHashMap<String, String> opaques = new java.util.concurrent.ConcurrentHashMap<>();

  /** The opaque value for a realm: constant per deployment key and realm. */
  String opaque(String realm) {
    String known = opaques.get(realm);
    if (known != null) {
      return known;
    }
    String made = makeOpaque(realm);
    if (opaques.size() < 1024) {
      opaques.put(realm, made);
    }
    return made;
  }

  private String makeOpaque(String realm) {
    Mac m = mac.get();
    m.update("opaque\0".getBytes(StandardCharsets.UTF_8));
    return ENC.encodeToString(Arrays.copyOf(m.doFinal(realm.getBytes(StandardCharsets.UTF_8)), 16));
  }

  private byte[] tag(byte[] nonce) {
    Mac m = mac.get();
    m.update(nonce, 0, 16);
    return Arrays.copyOf(m.doFinal(), 16);
  }
}
