package portcullis.core.scheme.keytoken;

import java.time.InstantSource;
import java.util.Optional;
import java.util.Set;
import portcullis.core.Directory;
import portcullis.core.Failure;
import portcullis.core.Identity;
import portcullis.core.Outcome;
import portcullis.core.RequestView;
import portcullis.core.Result;
import portcullis.core.RoutePolicy;
import portcullis.core.Scheme;
import portcullis.core.dialect.KeyTokenDialect;
import portcullis.core.store.Account;
import portcullis.core.store.Client;
import portcullis.core.tokens.TokenGrant;
import portcullis.core.tokens.TokenResolver;

/**
 * Seed 003: {@code Authorization: <public_key>} (public access, only on routes with the option
 * {@value #PUBLIC_OPTION}) or {@code <public_key>:<token>} (an app or user token). Order of checks:
 * header shape (400) → public key known and active (401) → token valid, unexpired, unrevoked and
 * issued to this key (401) → account status (403). A public-key call is authenticated as the app
 * owner under the scheme {@value #PUBLIC_SCHEME} with no scopes. Thread-safe.
 */
public final class KeyTokenScheme implements Scheme {
  public static final String ID = "keytoken";
  /**
   * The scheme an identity carries (and {@code X-Portcullis-Scheme} forwards) when the caller sent
   * the public key alone: the key ships in frontend code, so the upstream must not take such a call
   * for an authenticated one. The account is the app owner's (whose public data is served), with no
   * scopes.
   */
  public static final String PUBLIC_SCHEME = "keytoken-public";
  /** Route option that allows a public key without a token. */
  public static final String PUBLIC_OPTION = "keytoken.public";
  static final String INVALID_KEY = "The public key is not valid or has been revoked.";
  static final String INVALID_TOKEN = "The token is not valid or has expired; get a new one from POST /v0/tokens.";
  static final String TOKEN_REQUIRED =
      "This endpoint requires a token: send Authorization: <public_key>:<token> (get one from POST /v0/tokens).";
  private static final KeyTokenDialect D = KeyTokenDialect.INSTANCE;

  private final KeyTokenStore tokens;
  private final InstantSource clock;
  private final String[] otherWords;

  /**
   * @param otherAuthorizationWords the auth-scheme words of the other schemes ({@code Basic},
   *     {@code Bearer}, ...): an {@code Authorization} value starting with one and a space is theirs
   */
  public KeyTokenScheme(KeyTokenStore tokens, InstantSource clock, java.util.Collection<String> otherAuthorizationWords) {
    this.tokens = tokens;
    this.clock = clock;
    this.otherWords = otherAuthorizationWords.toArray(String[]::new);
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean recognizes(RequestView request) {
    return KeyTokenParser.isKeyToken(request.header("Authorization"), otherWords);
  }

  @Override
  public Outcome authenticate(RequestView request, RoutePolicy route, Directory directory) {
    Result<KeyTokenCredentials> parsed = KeyTokenParser.parse(request.header("Authorization"));
    if (parsed instanceof Result.Rejected<KeyTokenCredentials> r) {
      return Outcome.reject(r.failure());
    }
    KeyTokenCredentials creds = parsed.value();
    Optional<Client> found = directory.client(creds.publicKey());
    if (found.isEmpty() || !found.get().active()) {
      return Outcome.reject(D.unauthorized(INVALID_KEY, "keytoken: unknown or revoked public key " + creds.publicKey()));
    }
    Client client = found.get();
    if (!creds.hasToken()) {
      if (!route.option(PUBLIC_OPTION)) {
        return Outcome.reject(D.unauthorized(TOKEN_REQUIRED, "keytoken: public access on a non-public route")
            .because(portcullis.core.Reason.MISSING));
      }
      return withAccount(PUBLIC_SCHEME, client.ownerAccountId(), client, Set.of(), null, directory);
    }
    Optional<StoredKeyToken> t = tokens.find(KeyTokens.hash(creds.token()), directory);
    if (t.isEmpty() || !t.get().validAt(clock.instant()) || !t.get().clientKey().equals(client.clientKey())) {
      return Outcome.reject(D.unauthorized(INVALID_TOKEN,
          "keytoken: " + (t.isEmpty() ? "unknown token" : "token " + t.get().id() + " expired, revoked or for another key"))
          .because(t.isEmpty() || !t.get().clientKey().equals(client.clientKey()) ? portcullis.core.Reason.UNKNOWN_KEY
              : t.get().revoked() ? portcullis.core.Reason.REVOKED : portcullis.core.Reason.EXPIRED));
    }
    return withAccount(ID, t.get().accountId(), client, client.scopes(), t.get().id(), directory);
  }

  private static Outcome withAccount(String scheme, String accountId, Client client, Set<String> scopes, String tokenId, Directory directory) {
    Optional<Account> account = directory.accountById(accountId);
    if (account.isEmpty()) {
      return Outcome.reject(D.unauthorized(INVALID_TOKEN, "keytoken: account " + accountId + " missing"));
    }
    Failure status = D.inactiveAccount(account.get());
    if (status != null) {
      return Outcome.reject(status);
    }
    return Outcome.ok(new Identity(accountId, client.clientKey(), scheme, scopes, tokenId));
  }

  /**
   * A resolver for tokens carried by other schemes (KSig1's {@code X-API-Auth-Token}): what a valid
   * key-token grants, with its app's scopes.
   */
  public TokenResolver resolver() {
    return (token, directory) -> {
      if (!KeyTokenParser.validToken(token)) {
        return Optional.empty();
      }
      Optional<StoredKeyToken> t = tokens.find(KeyTokens.hash(token), directory);
      if (t.isEmpty() || !t.get().validAt(clock.instant())) {
        return Optional.empty();
      }
      Optional<Client> c = directory.client(t.get().clientKey());
      if (c.isEmpty() || !c.get().active()) {
        return Optional.empty();
      }
      StoredKeyToken k = t.get();
      return Optional.of(new TokenGrant(k.id(), k.accountId(), k.clientKey(), c.get().scopes(), k.expiresAt()));
    };
  }
}
