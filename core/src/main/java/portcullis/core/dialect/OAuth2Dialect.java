package portcullis.core.dialect;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import portcullis.core.Dialect;
import portcullis.core.Failure;
import portcullis.core.text.Json;

/**
 * OAuth 2.0 error bodies: {@code {"error":...,"error_description":...}} (RFC 6749 §5.2, RFC 6750
 * §3). The failure's {@code code} is the error code, its {@code message} the description. Resource
 * errors carry {@code WWW-Authenticate: Bearer ...} challenges built by {@link #challenge}.
 */
public final class OAuth2Dialect implements Dialect {
  public static final OAuth2Dialect INSTANCE = new OAuth2Dialect();

  public static final String INVALID_REQUEST = "invalid_request";
  public static final String INVALID_CLIENT = "invalid_client";
  public static final String INVALID_GRANT = "invalid_grant";
  public static final String UNAUTHORIZED_CLIENT = "unauthorized_client";
  public static final String UNSUPPORTED_GRANT_TYPE = "unsupported_grant_type";
  public static final String INVALID_SCOPE = "invalid_scope";
  public static final String INVALID_TOKEN = "invalid_token";
  public static final String INSUFFICIENT_SCOPE = "insufficient_scope";

  private OAuth2Dialect() {}

  @Override
  public String id() {
    return "oauth2";
  }

  @Override
  public byte[] render(Failure f, String reference) {
    StringBuilder b = new StringBuilder(128).append("{\"error\":");
    Json.quote(b, f.code());
    if (!f.message().isEmpty()) {
      b.append(",\"error_description\":");
      Json.quote(b, f.message());
    }
    Json.members(b, f.extra());
    return b.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A {@code WWW-Authenticate: Bearer} challenge (RFC 6750 §3). {@code realm} may be null; {@code
   * error} null gives the bare challenge for a request that carried no token.
   */
  public static String challenge(String realm, String error, String description, String scope) {
    StringBuilder b = new StringBuilder("Bearer");
    String sep = " ";
    if (realm != null) {
      b.append(sep).append("realm=\"").append(quotable(realm)).append('"');
      sep = ", ";
    }
    if (error != null) {
      b.append(sep).append("error=\"").append(error).append('"');
      sep = ", ";
      if (description != null && !description.isEmpty()) {
        b.append(sep).append("error_description=\"").append(quotable(description)).append('"');
      }
      if (scope != null) {
        b.append(sep).append("scope=\"").append(quotable(scope)).append('"');
      }
    }
    return b.toString();
  }

  /** RFC 6750 limits error_description to %x20-21 / %x23-5B / %x5D-7E: no quote, no backslash. */
  private static String quotable(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || c > 0x7e || c == '"' || c == '\\' ? '\'' : c);
    }
    return b.toString();
  }

  /** A resource-server error (RFC 6750 §3.1) with its challenge header. */
  public Failure resource(int status, String error, String description, String realm, String scope, String logDetail) {
    return new Failure(status, this, error, description, "",
        List.of(Map.entry("WWW-Authenticate", challenge(realm, error, description, scope))), Map.of(), logDetail);
  }

  /** A token-endpoint error (RFC 6749 §5.2); {@code invalid_client} carries {@code WWW-Authenticate: Basic}. */
  public Failure token(String error, String description, String realm, String logDetail) {
    if (error.equals(INVALID_CLIENT)) {
      return new Failure(401, this, error, description, "",
          List.of(Map.entry("WWW-Authenticate", "Basic realm=\"" + quotable(realm) + "\", charset=\"UTF-8\"")), Map.of(),
          logDetail);
    }
    return Failure.of(400, this, error, description, "", logDetail);
  }

  /**
   * At the token endpoint (RFC 6749 section 5.2): the app of an account that is not active gets no
   * new token, {@code unauthorized_client} with the seed's reason; null for an active owner.
   */
  public Failure inactiveClientOwner(portcullis.core.store.Account owner, String realm) {
    return switch (owner.status()) {
      case ACTIVE -> null;
      case LOCKED -> token(UNAUTHORIZED_CLIENT, Seed000Dialect.LOCKED_DETAIL, realm, "owner " + owner.id() + " locked")
          .because(portcullis.core.Reason.LOCKED);
      case DISABLED -> token(UNAUTHORIZED_CLIENT, Seed000Dialect.DISABLED_DETAIL, realm, "owner " + owner.id() + " disabled")
          .because(portcullis.core.Reason.DISABLED);
    };
  }

  @Override
  public Failure missingCredentials() {
    return Failure.of(401, this, INVALID_TOKEN,
        "No access token: send Authorization: Bearer <access_token> (get one from POST /api/token).", "", "no credentials")
        .because(portcullis.core.Reason.MISSING);
  }

  @Override
  public Failure ambiguousCredentials(String message, String realm) {
    return resource(400, INVALID_REQUEST, message, realm, null, "ambiguous credentials: " + message);
  }

  @Override
  public Failure insufficientScope(Set<String> missing) {
    String scope = String.join(" ", new TreeSet<>(missing));
    return resource(403, INSUFFICIENT_SCOPE, "This request needs the scope(s): " + scope, null, scope, "missing scopes " + missing);
  }

  /** RFC 6750: the token of an account that is not active is no longer valid (401 invalid_token). */
  @Override
  public Failure inactiveAccount(portcullis.core.store.Account account) {
    return inactiveAccount(account, null, "account ");
  }

  /** The same naming {@code realm} in its challenge; the log says {@code logPrefix + id + " locked"}. */
  public Failure inactiveAccount(portcullis.core.store.Account account, String realm, String logPrefix) {
    return switch (account.status()) {
      case ACTIVE -> null;
      case LOCKED -> resource(401, INVALID_TOKEN, Seed000Dialect.LOCKED_DETAIL, realm, null, logPrefix + account.id() + " locked")
          .because(portcullis.core.Reason.LOCKED);
      case DISABLED -> resource(401, INVALID_TOKEN, Seed000Dialect.DISABLED_DETAIL, realm, null,
          logPrefix + account.id() + " disabled").because(portcullis.core.Reason.DISABLED);
    };
  }

  /** RFC 6750 section 3: the route's realm, and in {@code scope} every scope the route requires. */
  @Override
  public Failure insufficientScope(Set<String> missing, portcullis.core.RoutePolicy route) {
    return resource(403, INSUFFICIENT_SCOPE, "This request needs the scope(s): " + String.join(" ", new TreeSet<>(missing)),
        route.realm(), String.join(" ", new TreeSet<>(route.requiredScopes())), "missing scopes " + missing);
  }

  /** RFC 6749 has no 429 code: {@code too_many_attempts} (wrong secrets) or {@code too_many_requests}, as Auth0 and others answer. */
  @Override
  public Failure tooManyRequests(portcullis.core.Limit limit, String explanation, long retryAfterSeconds) {
    return Failure.of(429, this, limit.oauth2Code(), explanation, "", "throttled: " + limit.id())
        .retryAfter(retryAfterSeconds);
  }

  @Override
  public Failure unavailable() {
    return Failure.of(503, this, "temporarily_unavailable",
        "Authentication could not be checked right now; retry shortly.", "", "store unavailable");
  }
}
