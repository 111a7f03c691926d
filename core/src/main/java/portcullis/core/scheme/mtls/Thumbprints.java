package portcullis.core.scheme.mtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Certificate thumbprints as RFC 8705 writes them ({@code x5t#S256}): the SHA-256 of the DER
 * certificate, base64url without padding, 43 characters.
 */
public final class Thumbprints {
  private static final Pattern B64URL = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final Pattern HEX = Pattern.compile("(?:[0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}");

  private Thumbprints() {}

  /** The thumbprint of a DER-encoded certificate. */
  public static String of(byte[] der) {
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(der));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code text} as a thumbprint: base64url (43 characters, as RFC 8705 writes it) or hex, with or
   * without colons (as {@code openssl x509 -noout -fingerprint -sha256} prints it, after its
   * {@code sha256 Fingerprint=}); null when it is neither.
   */
  public static String normalize(String text) {
    if (text == null) {
      return null;
    }
    String t = text.trim();
    int eq = t.indexOf('=');
    if (eq >= 0 && t.regionMatches(true, 0, "sha256 fingerprint", 0, 18)) {
      t = t.substring(eq + 1).trim();
    }
    if (B64URL.matcher(t).matches()) {
      return t;
    }
    if (HEX.matcher(t).matches()) {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(HexFormat.of().parseHex(t.replace(":", "")));
    }
    return null;
  }
}
