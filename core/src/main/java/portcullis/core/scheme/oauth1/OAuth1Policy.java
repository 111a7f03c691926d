package portcullis.core.scheme.oauth1;

import java.time.Duration;
import java.util.Locale;
import portcullis.core.RequestView;

/**
 * Deployment switches of the OAuth 1.0a scheme.
 *
 * @param timestampWindow how far {@code oauth_timestamp} may be from the server's clock, either way
 * @param allowPlaintextOverHttp whether PLAINTEXT is accepted when the base URI is {@code http}
 * @param baseUrl the public {@code scheme://host[:port]} clients sign against (when behind a TLS
 *     proxy), or null to use the request's scheme + the {@code Host} header
 * @param trustForwardedProto without {@code baseUrl}: take the scheme from {@code X-Forwarded-Proto}
 *     ({@code https} or {@code http}, as set by a TLS-terminating proxy) instead of always {@code http}
 */
public record OAuth1Policy(Duration timestampWindow, boolean allowPlaintextOverHttp, String baseUrl, boolean trustForwardedProto) {
  public static final OAuth1Policy DEFAULT = new OAuth1Policy(Duration.ofSeconds(300), false, null, false);

  public OAuth1Policy {
    if (timestampWindow.isNegative() || timestampWindow.isZero()) {
      throw new IllegalArgumentException("timestampWindow must be positive");
    }
    if (baseUrl != null && baseUrl.endsWith("/")) {
      baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
    }
  }

  /** Without forwarded-proto trust. */
  public OAuth1Policy(Duration timestampWindow, boolean allowPlaintextOverHttp, String baseUrl) {
    this(timestampWindow, allowPlaintextOverHttp, baseUrl, false);
  }

  /**
   * The scheme clients reached the gateway with, {@code http} or {@code https}: the configured
   * base URL's; else, when trusted, the first value of {@code X-Forwarded-Proto} if it is
   * {@code https} or {@code http}; else {@code http}.
   */
  public String scheme(RequestView request) {
    if (baseUrl != null) {
      return baseUrl.regionMatches(true, 0, "https:", 0, 6) ? "https" : "http";
    }
    if (trustForwardedProto) {
      String fwd = request.header("X-Forwarded-Proto");
      if (fwd != null) {
        int comma = fwd.indexOf(',');
        String first = (comma < 0 ? fwd : fwd.substring(0, comma)).trim().toLowerCase(Locale.ROOT);
        if (first.equals("https")) {
          return "https";
        }
      }
    }
    return "http";
  }
}
