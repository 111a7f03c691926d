package portcullis.core.scheme.bearer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import portcullis.core.Directory;
import portcullis.core.Failure;
import portcullis.core.Result;
import portcullis.core.crypto.Crypto;
import portcullis.core.dialect.OAuth2Dialect;
import portcullis.core.text.Form;
import portcullis.core.text.Json;
import portcullis.core.store.Account;
import portcullis.core.store.Client;

/**
 * The token endpoints, framework-free: {@code POST /api/token} (RFC 6749 §4.4 client credentials),
 * revocation (RFC 7009) and introspection (RFC 7662). Each takes the request's Authorization
 * headers, Content-Type and body and returns the full answer; errors follow RFC 6749 §5.2. Like a
 * scheme, a method may throw {@link Directory.WouldBlock} before any side effect; revocation returns
 * the {@link Revocation} for the caller to persist. Thread-safe.
 */
public final class TokenEndpoint {
  private static final OAuth2Dialect D = OAuth2Dialect.INSTANCE;
  private static final String FORM = "application/x-www-form-urlencoded";

  private final BearerScheme scheme;
  private final String realm;

  public TokenEndpoint(BearerScheme scheme, String realm) {
    this.scheme = Objects.requireNonNull(scheme, "scheme == null");
    this.realm = Objects.requireNonNull(realm, "realm == null");
  }

  /** What the endpoint was sent. {@code authorization} holds every Authorization header value. */
  /**
   * @param refused the caller's failed-credential throttle: given the {@link portcullis.core.Subject}
   *     of an app whose secret was right, the 429 to answer instead (that app is throttled for this
   *     client), or null
   */
  /**
   * @param certificateThumbprint the verified client certificate of the connection (RFC 8705
   *     {@code x5t#S256}), or null: a token issued over such a connection is bound to it
   */
  public record Request(List<String> authorization, String contentType, byte[] body,
      java.util.function.Function<String, Failure> refused, String certificateThumbprint) {
    public Request(List<String> authorization, String contentType, byte[] body,
        java.util.function.Function<String, Failure> refused) {
      this(authorization, contentType, body, refused, null);
    }

    public Request {
      authorization = List.copyOf(authorization);
      body = body == null ? new byte[0] : body;
      refused = refused == null ? subject -> null : refused;
    }

    public Request(List<String> authorization, String contentType, byte[] body) {
      this(authorization, contentType, body, null);
    }
  }

  /**
   * The answer: status, headers, body; {@code revocation} is set when a token must be revoked first;
   * {@code logNote}, when set, is worth a debug log line (it holds no secret).
   */
  public record Answer(int status, List<Map.Entry<String, String>> headers, byte[] body, Failure failure,
      Revocation revocation, String logNote) {}

  /** A token id to record as revoked until its expiry. */
  public record Revocation(String jti, String clientKey, Instant expiresAt) {}

  private static final List<Map.Entry<String, String>> NO_STORE = List.of(
      Map.entry("Content-Type", "application/json;charset=UTF-8"), Map.entry("Cache-Control", "no-store"),
      Map.entry("Pragma", "no-cache"));

  private static Answer fail(Failure f) {
    return new Answer(f.status(), f.headers(), null, f, null, null);
  }

  private static Answer ok(String json) {
    return new Answer(200, NO_STORE, json.getBytes(StandardCharsets.UTF_8), null, null, null);
  }

  /** {@code POST /api/token}. */
  public Answer token(Request request, Directory directory) {
    Result<Map<String, List<String>>> form = form(request);
    if (form instanceof Result.Rejected<?> r) {
      return fail(r.failure());
    }
    Map<String, List<String>> params = form.value();
    Result<Client> auth = authenticateClient(request, params, directory, false);
    if (auth instanceof Result.Rejected<?> r) {
      return fail(r.failure());
    }
    Client client = auth.value();
    String grant = first(params, "grant_type");
    if (grant == null || grant.isEmpty()) {
      return fail(D.token(OAuth2Dialect.INVALID_REQUEST, "grant_type is required: send grant_type=client_credentials.",
          realm, "token: no grant_type"));
    }
    if (!grant.equals("client_credentials")) {
      return fail(D.token(OAuth2Dialect.UNSUPPORTED_GRANT_TYPE, "Only grant_type=client_credentials is supported here.",
          realm, "token: grant_type " + grant));
    }
    Set<String> scopes;
    String scope = first(params, "scope");
    if (scope == null) {
      scopes = client.scopes();
    } else {
      scopes = new LinkedHashSet<>();
      for (String s : scope.split(" ", -1)) {
        if (s.isEmpty()) {
          return fail(D.token(OAuth2Dialect.INVALID_SCOPE, "The scope must be scope names separated by single spaces.",
              realm, "token: malformed scope"));
        }
        if (!isScopeToken(s)) {
          // never echoed: the description must stay in RFC 6749 §5.2's character set
          return fail(D.token(OAuth2Dialect.INVALID_SCOPE,
              "Scope names may hold only visible ASCII characters other than the double quote and the backslash.",
              realm, "token: scope with characters outside RFC 6749 section 3.3"));
        }
        scopes.add(s);
      }
      if (!client.scopes().containsAll(scopes)) {
        Set<String> extra = new TreeSet<>(scopes);
        extra.removeAll(client.scopes());
        return fail(D.token(OAuth2Dialect.INVALID_SCOPE, "Scope(s) not granted to this app: " + String.join(" ", extra)
            + ". It may ask for: " + String.join(" ", new TreeSet<>(client.scopes())) + ".", realm,
            "token: client " + client.clientKey() + " asked for " + extra));
      }
    }
    BearerConfig config = scheme.config();
    BearerVerifier.Issued issued = scheme.verifier().issue(client.ownerAccountId(), client.clientKey(), scopes,
        scheme.clock().instant(), config.ttl(), request.certificateThumbprint());
    scheme.cache().put(issued.compact(), issued.token());
    StringBuilder b = new StringBuilder(issued.compact().length() + 96).append("{\"access_token\":");
    Json.quote(b, issued.compact()).append(",\"token_type\":\"Bearer\",\"expires_in\":").append(config.ttl().toSeconds())
        .append(",\"scope\":");
    Json.quote(b, issued.token().scopeString());
    if (request.certificateThumbprint() != null) {
      b.append(",\"cnf\":{\"x5t#S256\":");
      Json.quote(b, request.certificateThumbprint()).append('}');
    }
    b.append('}');
    return ok(b.toString());
  }

  /**
   * {@code POST /api/token/revoke} (RFC 7009): 200 for any token. Another app's token is left alone
   * but also answered 200 (RFC 7009 §2.1 lets the server refuse it; an error would tell the caller
   * that the token is live).
   */
  public Answer revoke(Request request, Directory directory) {
    // an app whose owner is locked or disabled may still revoke its own tokens (it gets no new ones)
    Result<TokenRequest> parsed = tokenRequest(request, directory, true, "revoke");
    if (parsed instanceof Result.Rejected<?> r) {
      return fail(r.failure());
    }
    Client client = parsed.value().client();
    AccessToken t = scheme.verifier().verify(parsed.value().token()).orNull();
    if (t == null || !scheme.clock().instant().isBefore(t.expiresAt())) {
      return new Answer(200, NO_STORE.subList(1, 3), new byte[0], null, null, null);
    }
    if (!t.clientKey().equals(client.clientKey())) {
      return new Answer(200, NO_STORE.subList(1, 3), new byte[0], null, null,
          "revoke: client " + client.clientKey() + " sent token " + t.jti() + " of client " + t.clientKey() + "; not revoked");
    }
    return new Answer(200, NO_STORE.subList(1, 3), new byte[0], null, new Revocation(t.jti(), client.clientKey(), t.expiresAt()),
        null);
  }

  /** {@code POST /api/token/introspect} (RFC 7662): active only for the authenticated app's own valid tokens. */
  public Answer introspect(Request request, Directory directory) {
    Result<TokenRequest> parsed = tokenRequest(request, directory, false, "introspect");
    if (parsed instanceof Result.Rejected<?> r) {
      return fail(r.failure());
    }
    Client client = parsed.value().client();
    AccessToken t = scheme.check(parsed.value().token(), directory, realm).orNull();
    if (t == null || !t.clientKey().equals(client.clientKey())) {
      return ok("{\"active\":false}");
    }
    StringBuilder b = new StringBuilder(256).append("{\"active\":true,\"scope\":");
    Json.quote(b, t.scopeString()).append(",\"client_id\":");
    Json.quote(b, t.clientKey()).append(",\"token_type\":\"Bearer\",\"exp\":").append(t.expiresAt().getEpochSecond())
        .append(",\"iat\":").append(t.issuedAt().getEpochSecond()).append(",\"sub\":");
    Json.quote(b, t.accountId()).append(",\"iss\":");
    Json.quote(b, scheme.config().issuer()).append(",\"jti\":");
    Json.quote(b, t.jti());
    if (t.certificateThumbprint() != null) { // RFC 8705 section 3.2
      b.append(",\"cnf\":{\"x5t#S256\":");
      Json.quote(b, t.certificateThumbprint()).append('}');
    }
    b.append('}');
    return ok(b.toString());
  }

  /** A revoke or introspect request: the authenticated app and the {@code token} it asks about. */
  private record TokenRequest(Client client, String token) {}

  /** Reads the form, authenticates the app and takes the {@code token} parameter. */
  private Result<TokenRequest> tokenRequest(Request request, Directory directory, boolean allowInactiveOwner, String endpoint) {
    return form(request).then(params -> authenticateClient(request, params, directory, allowInactiveOwner).then(client -> {
      String token = first(params, "token");
      if (token == null || token.isEmpty()) {
        return Result.reject(D.token(OAuth2Dialect.INVALID_REQUEST, "The token parameter is required.", realm,
            endpoint + ": no token"));
      }
      return Result.ok(new TokenRequest(client, token));
    }));
  }

  /** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
  private static boolean isScopeToken(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x21 || c > 0x7e || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  private static <T> Result<T> fault(Failure f) {
    return Result.reject(f);
  }

  private static String first(Map<String, List<String>> params, String name) {
    List<String> v = params.get(name);
    return v == null ? null : v.get(0);
  }

  /**
   * The form parameters, or the failure: wrong media type, or a repeated parameter (RFC 6749 §3.2).
   * Parameters sent with an empty value are treated as omitted (RFC 6749 §3.1): {@code scope=} asks
   * for no particular scope, an empty {@code client_secret=} beside Basic is not a second method.
   */
  private Result<Map<String, List<String>>> form(Request request) {
    String ct = request.contentType();
    if (!BearerParser.isFormType(ct)) {
      return fault(D.token(OAuth2Dialect.INVALID_REQUEST, "Send the parameters as Content-Type: " + FORM + ".", realm,
          "content type " + ct));
    }
    Map<String, List<String>> params = new java.util.LinkedHashMap<>();
    for (var e : Form.parse(new String(request.body(), StandardCharsets.UTF_8)).entrySet()) {
      List<String> values = e.getValue().stream().filter(v -> !v.isEmpty()).toList();
      if (!values.isEmpty()) {
        params.put(e.getKey(), values);
      }
    }
    for (var e : params.entrySet()) {
      if (e.getValue().size() > 1) {
        return fault(D.token(OAuth2Dialect.INVALID_REQUEST, "The parameter " + e.getKey() + " is repeated; send it once.",
            realm, "repeated parameter"));
      }
    }
    return Result.ok(params);
  }

  /** The authenticated, usable client, or the failure. */
  private Result<Client> authenticateClient(Request request, Map<String, List<String>> params, Directory directory,
      boolean inactiveOwnerAllowed) {
    Result<ClientAuthParser.ClientCredentials> parsed = ClientAuthParser.parse(request.authorization(), params, realm);
    if (parsed instanceof Result.Rejected<ClientAuthParser.ClientCredentials> r) {
      return r.as();
    }
    ClientAuthParser.ClientCredentials p = parsed.value();
    String bad = "The client credentials are not valid: check the client_key and client_secret.";
    if (p.clientId().length() > 256) {
      return fault(D.token(OAuth2Dialect.INVALID_CLIENT, bad, realm, "client id too long"));
    }
    Optional<Client> found = directory.client(p.clientId());
    if (found.isEmpty()) {
      return fault(D.token(OAuth2Dialect.INVALID_CLIENT, bad, realm, "unknown client " + p.clientId())
          .wrongSecret(portcullis.core.Subject.client(p.clientId())).because(portcullis.core.Reason.UNKNOWN_KEY));
    }
    Client client = found.get();
    boolean match = false;
    for (String s : client.secretsAt(scheme.clock().instant())) {
      match |= Crypto.constantTimeEquals(s, p.secret());
    }
    if (!match) {
      return fault(D.token(OAuth2Dialect.INVALID_CLIENT, bad, realm, "wrong secret for client " + client.clientKey())
          .wrongSecret(portcullis.core.Subject.client(client.clientKey())));
    }
    Failure throttled = request.refused().apply(portcullis.core.Subject.client(client.clientKey()));
    if (throttled != null) {
      return fault(throttled);
    }
    if (!client.active()) {
      return fault(D.token(OAuth2Dialect.INVALID_CLIENT, "This app has been revoked.", realm, "revoked client " + client.clientKey()));
    }
    if (client.isPublic()) {
      return fault(D.token(OAuth2Dialect.UNAUTHORIZED_CLIENT,
          "Public apps cannot use the client_credentials grant; use OAuth 1.0a.", realm, "public client " + client.clientKey()));
    }
    Optional<Account> owner = directory.accountById(client.ownerAccountId());
    if (owner.isEmpty()) {
      return fault(D.token(OAuth2Dialect.INVALID_CLIENT, bad, realm, "client " + client.clientKey() + " has no owner"));
    }
    if (inactiveOwnerAllowed) {
      return Result.ok(client);
    }
    Failure inactive = D.inactiveClientOwner(owner.get(), realm);
    return inactive == null ? Result.ok(client) : Result.reject(inactive);
  }
}
