package portcullis.core.scheme.bearer;

import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import portcullis.core.Directory;
import portcullis.core.Identity;
import portcullis.core.Outcome;
import portcullis.core.RequestView;
import portcullis.core.RoutePolicy;
import portcullis.core.Scheme;
import portcullis.core.dialect.OAuth2Dialect;
import portcullis.core.dialect.Seed000Dialect;
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
    BearerParser.Parsed parsed = BearerParser.parse(request, config.allowQueryToken());
    if (parsed.credentials() == null) {
      return Outcome.reject(D.resource(400, OAuth2Dialect.INVALID_REQUEST, parsed.error(), route.realm(), null,
          "bearer: " + parsed.error()));
    }
    Check check = check(parsed.credentials().token(), directory);
    if (check.token() == null) {
      return Outcome.reject(D.resource(401, OAuth2Dialect.INVALID_TOKEN, check.error(), route.realm(), null,
          "bearer: " + check.logDetail()));
    }
    AccessToken t = check.token(); // the route's scopes: RequiredScopes, after authentication, in the route's dialect
    return Outcome.ok(new Identity(t.accountId(), t.clientKey(), ID, t.scopes(), t.jti()));
  }

  @Override
  public List<String> challenges(RoutePolicy route) {
    return List.of(OAuth2Dialect.challenge(route.realm(), null, null, null));
  }

  /** A token that passed every check, or why not. */
  record Check(AccessToken token, String error, String logDetail) {
    static Check bad(String error, String logDetail) {
      return new Check(null, error, logDetail);
    }
  }

  /** Verifies signature and claims (cached), then time, revocation, client and owner. No side effects but the cache. */
  Check check(String compact, Directory directory) {
    AccessToken t = cache.get(compact);
    if (t == null) {
      BearerVerifier.Result r = verifier.verify(compact);
      if (r.token() == null) {
        return Check.bad(r.error(), r.logDetail());
      }
      t = r.token();
      cache.put(compact, t);
    }
    if (!clock.instant().isBefore(t.expiresAt())) {
      return Check.bad("The access token expired", "token " + t.jti() + " expired at " + t.expiresAt());
    }
    if (revoked.isRevoked(t.jti())) {
      return Check.bad("The access token has been revoked.", "token " + t.jti() + " revoked");
    }
    Optional<Client> client = directory.client(t.clientKey());
    if (client.isEmpty() || !client.get().active()) {
      return Check.bad("The app this token was issued to has been revoked.", "client " + t.clientKey() + " revoked or gone");
    }
    Optional<Account> owner = directory.accountById(t.accountId());
    if (owner.isEmpty() || !client.get().ownerAccountId().equals(t.accountId())) {
      return Check.bad("The account of this token no longer exists.", "owner " + t.accountId() + " gone");
    }
    return switch (owner.get().status()) {
      case ACTIVE -> new Check(t, null, null);
      case LOCKED -> Check.bad(Seed000Dialect.LOCKED_DETAIL, "owner " + t.accountId() + " locked");
      case DISABLED -> Check.bad(Seed000Dialect.DISABLED_DETAIL, "owner " + t.accountId() + " disabled");
    };
  }

  /** Resolves bearer tokens for KSig1's {@code X-API-Auth-Token}: empty unless every check passes. */
  public TokenResolver resolver() {
    return (token, directory) -> {
      if (token == null || !BearerParser.isB64Token(token) || token.indexOf('.') < 0) {
        return Optional.empty();
      }
      Check c = check(token, directory);
      return c.token() == null ? Optional.empty() : Optional.of(c.token().grant());
    };
  }
}
