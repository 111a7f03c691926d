package portcullis.core.scheme.oauth1;

import java.time.Duration;

/**
 * Deployment switches of the OAuth 1.0a scheme.
 *
 * @param timestampWindow how far {@code oauth_timestamp} may be from the server's clock, either way
 * @param allowPlaintextOverHttp whether PLAINTEXT is accepted when the base URI is {@code http}
 * @param baseUrl the public {@code scheme://host[:port]} clients sign against (when behind a TLS
 *     proxy), or null to use {@code http://} + the {@code Host} header
 */
public record OAuth1Policy(Duration timestampWindow, boolean allowPlaintextOverHttp, String baseUrl) {
  public static final OAuth1Policy DEFAULT = new OAuth1Policy(Duration.ofSeconds(300), false, null);

  public OAuth1Policy {
    if (timestampWindow.isNegative() || timestampWindow.isZero()) {
      throw new IllegalArgumentException("timestampWindow must be positive");
    }
    if (baseUrl != null && baseUrl.endsWith("/")) {
      baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
    }
  }
}
