package portcullis.core.scheme.oauth1;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import portcullis.core.crypto.Crypto;

/** The signature methods (RFC 5849 §3.4.2–3.4.4, plus HMAC-SHA256). Stateless. */
public final class Signatures {
  public static final String HMAC_SHA1 = "HMAC-SHA1";
  public static final String HMAC_SHA256 = "HMAC-SHA256";
  public static final String PLAINTEXT = "PLAINTEXT";
  public static final String RSA_SHA1 = "RSA-SHA1";

  private Signatures() {}

  /** {@code enc(client secret) & enc(token secret)}: the HMAC key and the PLAINTEXT signature. */
  public static String key(String clientSecret, String tokenSecret) {
    return Percent.encode(clientSecret) + '&' + Percent.encode(tokenSecret == null ? "" : tokenSecret);
  }

  /** The base64 signature for an HMAC or PLAINTEXT method; null for an unknown or RSA method. */
  public static String sign(String method, String baseString, String clientSecret, String tokenSecret) {
    String key = key(clientSecret, tokenSecret);
    return switch (method) {
      case HMAC_SHA1 -> hmac("HmacSHA1", key, baseString);
      case HMAC_SHA256 -> hmac("HmacSHA256", key, baseString);
      case PLAINTEXT -> key;
      default -> null;
    };
  }

  static String hmac(String algorithm, String key, String baseString) {
    byte[] mac = Crypto.hmac(algorithm, key.getBytes(StandardCharsets.UTF_8), baseString.getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder().encodeToString(mac);
  }

  /** Whether {@code signature} is the HMAC/PLAINTEXT signature of the base string; constant time. */
  public static boolean verifySecret(String method, String baseString, String signature, String clientSecret,
      String tokenSecret) {
    String expected = sign(method, baseString, clientSecret, tokenSecret);
    return expected != null && Crypto.constantTimeEquals(expected, signature);
  }

  /** RSASSA-PKCS1-v1_5 with SHA-1 (§3.4.3), base64. */
  public static String signRsaSha1(String baseString, PrivateKey key) {
    try {
      Signature s = Signature.getInstance("SHA1withRSA");
      s.initSign(key);
      s.update(baseString.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
    }
  }

  /**
   * Whether the base64 {@code signature} verifies under the RSA public key; false for a malformed
   * signature (the caller's). A provider or key error (no SHA1withRSA, a stored key it refuses) is
   * {@link portcullis.core.CheckFailedException}: a 503, not a 401.
   */
  public static boolean verifyRsaSha1(String baseString, String signature, PublicKey key) {
    byte[] sig;
    try {
      sig = Base64.getMimeDecoder().decode(signature);
    } catch (IllegalArgumentException e) {
      return false;
    }
    Signature s;
    try {
      s = Signature.getInstance("SHA1withRSA");
      s.initVerify(key);
    } catch (GeneralSecurityException e) {
      throw new portcullis.core.CheckFailedException("RSA-SHA1 verification unavailable: " + e.getMessage(), e);
    }
    try {
      s.update(baseString.getBytes(StandardCharsets.UTF_8));
      return s.verify(sig);
    } catch (java.security.SignatureException e) {
      return false; // e.g. a signature of the wrong length
    }
  }
}
