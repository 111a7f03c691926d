package portcullis.core;

/**
 * How one API family shapes its error bodies. Implementations are stateless and thread-safe.
 */
public interface Dialect {
  /** Stable id used in route configuration ("seed000", "oauth2", "keytoken", "ksig1"). */
  String id();

  /** The body's media type. */
  default String contentType() {
    return "application/json; charset=utf-8";
  }

  /** Renders the body of a failure; {@code reference} identifies the request in the operator's log. */
  byte[] render(Failure failure, String reference);

  /** The failure for a request that carried no credentials any of the route's schemes recognizes. */
  Failure missingCredentials();

  /**
   * The failure for {@code request} when none of the route's schemes recognizes its credentials; a
   * dialect may say what is wrong with an {@code Authorization} header of another scheme.
   */
  default Failure missingCredentials(RequestView request) {
    return missingCredentials();
  }

  /**
   * The failure for a request carrying conflicting copies of a credential (two {@code Authorization}
   * headers, client keys that disagree): a 400 (KSig1: its 401 {@code AUTH_INVALID_HEADER}) whose
   * message, {@code message}, tells the caller to send one. {@code realm} names the route's realm.
   */
  Failure ambiguousCredentials(String message, String realm);

  /** The failure for a request whose identity lacks scopes the route requires. */
  Failure insufficientScope(java.util.Set<String> missing);

  /**
   * The 405 for a method the route does not accept ({@code allowed} are those it does), in this
   * dialect's shape; null: the gateway's generic seed-000 405.
   */
  default Failure methodNotAllowed(java.util.Set<String> allowed) {
    return null;
  }

  /** The same, for a route (a dialect may name its realm and every scope it requires). */
  default Failure insufficientScope(java.util.Set<String> missing, RoutePolicy route) {
    return insufficientScope(missing);
  }

  /**
   * The answer for credentials that are right but belong to an account that is not active (locked
   * or disabled): seed 000's 403 "No API Access", in this dialect's shape; null for an active
   * account. One place per dialect, whichever scheme found the account.
   */
  default Failure inactiveAccount(portcullis.core.store.Account account) {
    return switch (account.status()) {
      case ACTIVE -> null;
      case LOCKED -> portcullis.core.dialect.Seed000Dialect.INSTANCE.locked("account " + account.id() + " locked");
      case DISABLED -> portcullis.core.dialect.Seed000Dialect.INSTANCE.disabled("account " + account.id() + " disabled");
    };
  }

  /**
   * 429 with {@code Retry-After: retryAfterSeconds}: the request ran into {@code limit}; {@code
   * explanation} tells the caller what happened and when to come back. Seed 000's shape by default
   * ({@code "message":"Too Many Requests"}, the explanation in {@code additional}).
   */
  default Failure tooManyRequests(Limit limit, String explanation, long retryAfterSeconds) {
    return Failure.of(429, this, limit.oauth2Code(), "Too Many Requests", explanation, "throttled: " + limit.id())
        .retryAfter(retryAfterSeconds);
  }

  /** The failure when the authentication could not be checked at all (store unreachable): 503. */
  Failure unavailable();
}
