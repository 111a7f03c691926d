package portcullis.core.scheme.bearer;

import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import portcullis.core.Directory;
import portcullis.core.Failure;
import portcullis.core.Identity;
import portcullis.core.Outcome;
import portcullis.core.RequestView;
import portcullis.core.Result;
import portcullis.core.RoutePolicy;
import portcullis.core.Scheme;
import portcullis.core.dialect.OAuth2Dialect;
import portcullis.core.store.Account;
import portcullis.core.store.Client;
import portcullis.core.tokens.TokenResolver;

/**
 * OAuth 2.0 bearer tokens (RFC 6750) issued by the client-credentials endpoint (seed 002). Order of
 * checks on every request: token syntax → signature and claims (cached) → expiry → revocation →
 * client still active → owner still active → the route's scopes. The cache holds only what the
 * signature proved, so revoking a token, revoking the client or locking the owner takes effect on
 * the next request. Thread-safe.
 */
public final class BearerScheme implements Scheme {
  public static final String ID = "bearer";
  private static final OAuth2Dialect D = OAuth2Dialect.INSTANCE;

  private final BearerConfig config;
  private final KeyRing keys;
  private final TokenCache cache;
  private final RevokedTokens revoked;
  private final InstantSource clock;
  private final BearerVerifier verifier;

  public BearerScheme(BearerConfig config, KeyRing keys, TokenCache cache, RevokedTokens revoked, InstantSource clock) {
    this.config = Objects.requireNonNull(config, "config == null");
    this.keys = Objects.requireNonNull(keys, "keys == null");
    this.cache = Objects.requireNonNull(cache, "cache == null");
    this.revoked = Objects.requireNonNull(revoked, "revoked == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.verifier = new BearerVerifier(keys, config.issuer());
  }

  @Override
  public String id() {
    return ID;
  }

  public BearerConfig config() {
    return config;
  }

  public KeyRing keys() {
    return keys;
  }

  InstantSource clock() {
    return clock;
  }

  BearerVerifier verifier() {
    return verifier;
  }

  TokenCache cache() {
    return cache;
  }

  @Override
  public boolean recognizes(RequestView request) {
    return BearerParser.present(request, config.allowQueryToken());
  }

  @Override
  public Outcome authenticate(RequestView request, RoutePolicy route, Directory directory) {
    // the route's scopes: RequiredScopes, after authentication, in the route's dialect
    return BearerParser.parse(request, config.allowQueryToken(), route.realm())
        .then(credentials -> check(credentials.token(), directory, route.realm()))
        .then(t -> boundTo(t, request.clientCertificateThumbprint(), route.realm()))
        .outcome(t -> Outcome.ok(new Identity(t.accountId(), t.clientKey(), ID, t.scopes(), t.jti())));
  }

  @Override
  public List<String> challenges(RoutePolicy route) {
    return List.of(OAuth2Dialect.challenge(route.realm(), null, null, null));
  }

  /**
   * Verifies signature and claims (cached), then time, revocation, client and owner; a refusal is
   * the 401 {@code invalid_token} naming {@code realm}. No side effects but the cache.
   */
  Result<AccessToken> check(String compact, Directory directory, String realm) {
    AccessToken t = cache.get(compact);
    if (t == null) {
      Result<AccessToken> r = verifier.verify(compact, realm);
      if (!(r instanceof Result.Ok<AccessToken> ok)) {
        return r;
      }
      t = ok.value();
      cache.put(compact, t);
    }
    if (!clock.instant().isBefore(t.expiresAt())) {
      return BearerVerifier.bad(portcullis.core.Reason.EXPIRED, realm, "The access token expired", "token " + t.jti() + " expired at " + t.expiresAt());
    }
    if (revoked.isRevoked(t.jti())) {
      return BearerVerifier.bad(portcullis.core.Reason.REVOKED, realm, "The access token has been revoked.", "token " + t.jti() + " revoked");
    }
    Optional<Client> client = directory.client(t.clientKey());
    if (client.isEmpty() || !client.get().active()) {
      return BearerVerifier.bad(portcullis.core.Reason.REVOKED, realm, "The app this token was issued to has been revoked.",
          "client " + t.clientKey() + " revoked or gone");
    }
    Optional<Account> owner = directory.accountById(t.accountId());
    if (owner.isEmpty() || !client.get().ownerAccountId().equals(t.accountId())) {
      return BearerVerifier.bad(portcullis.core.Reason.UNKNOWN_KEY, realm, "The account of this token no longer exists.", "owner " + t.accountId() + " gone");
    }
    Failure inactive = D.inactiveAccount(owner.get(), realm, "bearer: owner ");
    return inactive == null ? Result.ok(t) : Result.reject(inactive);
  }

  /**
   * RFC 8705 section 3: a certificate-bound token ({@code cnf.x5t#S256}) is accepted only over a
   * connection presenting that certificate; 401 {@code invalid_token} otherwise.
   */
  static Result<AccessToken> boundTo(AccessToken t, String thumbprint, String realm) {
    if (t.certificateThumbprint() == null || portcullis.core.crypto.Crypto.constantTimeEquals(t.certificateThumbprint(), thumbprint)) {
      return Result.ok(t);
    }
    return BearerVerifier.bad(portcullis.core.Reason.BAD_SIGNATURE, realm, thumbprint == null
        ? "The access token is bound to a client certificate (RFC 8705): send it over TLS with that certificate."
        : "The access token is bound to another client certificate (RFC 8705).",
        "token " + t.jti() + " bound to certificate " + t.certificateThumbprint() + ", presented " + thumbprint);
  }

  /** Resolves bearer tokens for KSig1's {@code X-API-Auth-Token}: empty unless every check passes. */
  public TokenResolver resolver() {
    return (token, directory) -> {
      if (token == null || !BearerParser.isB64Token(token) || token.indexOf('.') < 0) {
        return Optional.empty();
      }
      // a certificate-bound token is not resolved here: the resolver does not see the connection
      return Optional.ofNullable(check(token, directory, null).orNull()).filter(t -> t.certificateThumbprint() == null)
          .map(AccessToken::grant);
    };
  }
}
