package portcullis.core;

/**
 * Why a request was answered 429: which limit it ran into. Each dialect renders the answer in its own
 * shape ({@link Dialect#tooManyRequests}) with these codes where its body has a code.
 */
public enum Limit {
  /** Too many wrong secrets from this address (for this identity, or in all): the failed-credential throttle. */
  FAILED_LOGINS("too_many_attempts", "AUTH_TOO_MANY_ATTEMPTS"),
  /** The route's (or the client's own) rate limit. */
  RATE("too_many_requests", "RATE_LIMIT_EXCEEDED"),
  /** The client holds as many live single-use values (nonces) as it may ({@code limits.noncesPerClient}). */
  NONCES("too_many_requests", "AUTH_NONCE_QUOTA_EXCEEDED");

  private final String oauth2;
  private final String upper;

  Limit(String oauth2, String upper) {
    this.oauth2 = oauth2;
    this.upper = upper;
  }

  /** The code in the OAuth 2 {@code error} vocabulary (lower case, underscores). */
  public String oauth2Code() {
    return oauth2;
  }

  /** The code in the seed-004 style ({@code AUTH_...} upper case). */
  public String upperCode() {
    return upper;
  }

  /** The wire id used in metrics and the admin API ({@code failed_logins}, {@code rate}, {@code nonces}). */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
