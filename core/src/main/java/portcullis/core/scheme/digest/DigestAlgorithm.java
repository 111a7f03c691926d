package portcullis.core.scheme.digest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Digest algorithms of RFC 7616 section 6.1. {@code SHA-512-256} is FIPS 180-4 SHA-512/256
 * (its own initial values), not truncated SHA-512: see RFC Editor erratum 4897.
 */
public enum DigestAlgorithm {
  MD5("MD5", "MD5", false),
  MD5_SESS("MD5-sess", "MD5", true),
  SHA_256("SHA-256", "SHA-256", false),
  SHA_256_SESS("SHA-256-sess", "SHA-256", true),
  SHA_512_256("SHA-512-256", "SHA-512/256", false),
  SHA_512_256_SESS("SHA-512-256-sess", "SHA-512/256", true);

  private static final HexFormat HEX = HexFormat.of();
  private final String wire;
  private final String jca;
  private final boolean session;

  DigestAlgorithm(String wire, String jca, boolean session) {
    this.wire = wire;
    this.jca = jca;
    this.session = session;
  }

  /** The name on the wire, e.g. {@code SHA-256-sess}. */
  public String wire() {
    return wire;
  }

  /** Whether this is a {@code -sess} variant (HA1 bound to the nonce and cnonce). */
  public boolean session() {
    return session;
  }

  /** The algorithm whose stored HA1 this one uses: itself without {@code -sess}. */
  public DigestAlgorithm base() {
    return switch (this) {
      case MD5, MD5_SESS -> MD5;
      case SHA_256, SHA_256_SESS -> SHA_256;
      case SHA_512_256, SHA_512_256_SESS -> SHA_512_256;
    };
  }

  /** The algorithm named {@code name} (case-insensitive), or null. */
  public static DigestAlgorithm byWire(String name) {
    if (name == null) {
      return null;
    }
    for (DigestAlgorithm a : values()) {
      if (a.wire.equalsIgnoreCase(name)) {
        return a;
      }
    }
    return null;
  }

  /** Lowercase hex of this algorithm's hash of the UTF-8 bytes of {@code text}. */
  public String hex(String text) {
    try {
      byte[] d = MessageDigest.getInstance(jca).digest(text.getBytes(StandardCharsets.UTF_8));
      return HEX.formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(jca + " unavailable", e);
    }
  }

  /** H(username ":" realm ":" password), the value stored per account and algorithm. */
  public String ha1(String username, String realm, String password) {
    return base().hex(username + ":" + realm + ":" + password);
  }

  /** H(username ":" realm), what a client sends as {@code username} with {@code userhash=true}. */
  public String userhash(String username, String realm) {
    return base().hex(username + ":" + realm);
  }

  /**
   * The expected {@code response} for qop=auth (RFC 7616 section 3.4.1), from the stored HA1 of
   * {@link #base()}.
   */
  public String response(String storedHa1, String nonce, String nc, String cnonce, String qop, String method, String uri) {
    String ha1 = session ? hex(storedHa1 + ":" + nonce + ":" + cnonce) : storedHa1;
    String ha2 = hex(method + ":" + uri);
    return hex(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
  }

  @Override
  public String toString() {
    return wire;
  }
}
