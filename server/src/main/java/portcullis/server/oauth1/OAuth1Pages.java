package portcullis.server.oauth1;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import portcullis.core.scheme.oauth1.RsaKeys;

/**
 * What the developer portal ({@code portcullis.server.portal}) shares with the OAuth 1.0a pages:
 * one sign-in session and CSRF scheme ({@link PageSecurity}, its cookies scoped to the portal's
 * path as well), the endpoint paths it lists, RSA-SHA1 key registration, and the exact-match rule
 * for the callback URLs an app registered.
 */
public final class OAuth1Pages {
  /** The portal's path; the page cookies are scoped to it too, so one sign-in serves both. */
  public static final String PORTAL_PATH = "/developers";
  private final PageSecurity security;
  private final OAuth1Config config;
  private final CachedTokens tokens;
  private final TokenEndpoints endpoints;

  OAuth1Pages(PageSecurity security, OAuth1Config config, CachedTokens tokens, TokenEndpoints endpoints) {
    this.security = security;
    this.config = config;
    this.tokens = tokens;
    this.endpoints = endpoints;
  }

  public PageSecurity security() {
    return security;
  }

  public OAuth1Config config() {
    return config;
  }

  /** Why {@code pem} is not an RSA public key this provider takes (≥ 1024 bits), or null when it is one. */
  public static String rsaKeyProblem(String pem) {
    try {
      RsaKeys.parsePublic(pem);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /** Whether {@code url} is a callback URL request_token takes (absolute http(s), no fragment or user-info, at most 2048 characters). */
  public static boolean validCallbackUrl(String url) {
    return !"oob".equals(url) && TokenEndpoints.validCallback(url);
  }

  /** Registers the client's RSA-SHA1 public key (blocking: on the worker), effective on the next request. */
  public void putRsaKey(String clientKey, String pem, Instant now) {
    tokens.store().putRsaKey(clientKey, pem, now);
    tokens.invalidateRsa(clientKey);
  }

  /**
   * The callback URLs each client registered (blocking look-up, asked on the worker at request_token):
   * when a client has some, {@code oauth_callback} must be one of them exactly, or {@code oob}.
   */
  public void registeredCallbacks(Function<String, List<String>> lookup) {
    endpoints.registeredCallbacks = lookup;
  }
}
