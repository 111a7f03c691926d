package portcullis.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Small, allocation-light crypto helpers shared by the schemes. Thread-safe. */
public final class Crypto {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final HexFormat HEX = HexFormat.of();

  private Crypto() {}

  /** Compares two strings in time that depends only on their lengths. Null never equals. */
  public static boolean constantTimeEquals(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  public static boolean constantTimeEquals(byte[] a, byte[] b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(a, b);
  }

  /** A random base62 string of {@code length} characters (5.95 bits each). */
  public static String randomBase62(int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = BASE62[RANDOM.nextInt(62)];
    }
    return new String(out);
  }

  public static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  public static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  });

  /** SHA-256 with a per-thread {@link MessageDigest} (no provider lookup on the hot path). */
  public static byte[] sha256(byte[] data) {
    MessageDigest md = SHA256.get();
    md.reset();
    return md.digest(data);
  }

  public static String sha256Hex(String s) {
    return hex(sha256(s.getBytes(StandardCharsets.UTF_8)));
  }

  public static byte[] digest(String algorithm, byte[] data) {
    try {
      return MessageDigest.getInstance(algorithm).digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " unavailable", e);
    }
  }

  public static byte[] hmac(String algorithm, byte[] key, byte[] data) {
    try {
      Mac mac = MACS.get().get(algorithm); // a provider look-up per request showed in profiles
      if (mac == null) {
        mac = Mac.getInstance(algorithm);
        MACS.get().put(algorithm, mac);
      }
      mac.init(new SecretKeySpec(key, algorithm));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " unavailable", e);
    }
  }

  /** Per thread, one {@link Mac} per algorithm name asked for (a few: HmacSHA1, HmacSHA256, ...). */
  private static final ThreadLocal<java.util.Map<String, Mac>> MACS = ThreadLocal.withInitial(java.util.HashMap::new);

  private static final ThreadLocal<Mac> HMAC_SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return Mac.getInstance("HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  });

  /** HMAC-SHA256 with a per-thread {@link Mac} (no provider lookup on the hot path). */
  public static byte[] hmacSha256(byte[] key, byte[] data) {
    Mac mac = HMAC_SHA256.get();
    try {
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 key refused", e);
    }
    return mac.doFinal(data);
  }
}
