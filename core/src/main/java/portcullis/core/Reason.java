package portcullis.core;

import java.util.Locale;

/**
 * Why an authentication ended as it did, in a closed vocabulary for operators: the {@code reason}
 * label of {@code portcullis_auth_attempts_total} and the access log's {@code reason} field. Every
 * {@link Failure} carries one, set where the scheme knows it ({@link Failure#because}) or derived from
 * the status otherwise; {@link #NONE} is an authenticated request's. The wire form is the lowercase
 * name ({@code bad_secret}). The set is closed: a dashboard can list it.
 */
public enum Reason {
  /** Authenticated. */
  NONE,
  /** A password, client secret, hashed key-token secret or OAuth verifier that did not match. */
  BAD_SECRET,
  /** A client key, user, consumer key, public key or token the store does not know (or no longer holds). */
  UNKNOWN_KEY,
  /** A token or nonce that was valid once and is past its lifetime. */
  EXPIRED,
  /** A token or key withdrawn before its expiry. */
  REVOKED,
  /** A single-use value (nonce, nonce count, signed request) seen before. */
  REPLAY,
  /** A timestamp outside the scheme's window. */
  CLOCK_SKEW,
  /** A signature (HMAC, RSA, JWS) that did not verify. */
  BAD_SIGNATURE,
  /** Credentials that cannot be read: a malformed header, a missing parameter, a refused method or version. */
  MALFORMED,
  /** Right credentials, locked account. */
  LOCKED,
  /** Right credentials, disabled account. */
  DISABLED,
  /** Refused by a limit: failed-credential throttle, rate limit, nonce quota (429). */
  THROTTLED,
  /** The credentials could not be checked: store or replay store unreachable, password checks saturated (503). */
  STORE_UNAVAILABLE,
  /** No credentials any of the route's schemes recognizes (the 401 that carries the challenges). */
  MISSING,
  /** Authenticated, but without a scope the route requires, or with a certificate not bound to the client (403). */
  FORBIDDEN,
  /** A password or PLAINTEXT signature sent over plain HTTP from the network, refused unread. */
  INSECURE_TRANSPORT;

  private final String wire = name().toLowerCase(Locale.ROOT);

  /** The label value, e.g. {@code bad_secret}. */
  public String wire() {
    return wire;
  }

  /**
   * The reason a failure gets when its maker names none: 400 (and other 4xx) malformed, 429
   * throttled, 503 store unavailable, 403 forbidden, a 401 for a wrong secret bad secret, any other
   * 401 an unknown key.
   */
  static Reason byDefault(int status, String wrongSecretOf) {
    return switch (status) {
      case 401 -> wrongSecretOf != null ? BAD_SECRET : UNKNOWN_KEY;
      case 403 -> FORBIDDEN;
      case 429 -> THROTTLED;
      case 503 -> STORE_UNAVAILABLE;
      default -> status >= 500 ? STORE_UNAVAILABLE : MALFORMED;
    };
  }
}
