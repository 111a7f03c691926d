package portcullis.core.scheme.keytoken;

import java.time.InstantSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import portcullis.core.Directory;
import portcullis.core.Failure;
import portcullis.core.Result;
import portcullis.core.crypto.Crypto;
import portcullis.core.dialect.KeyTokenDialect;
import portcullis.core.replay.Claim;
import portcullis.core.replay.ReplayWindow;
import portcullis.core.store.Account;
import portcullis.core.store.Client;

/**
 * The checks behind the two seed-003 token endpoints: {@code POST /v0/tokens} (public key + hashed
 * secret + timestamp) and {@code POST /v0/users/authenticate} (public key + email + password). They
 * may block (store, Argon2id): run them on a worker with the blocking directory. Thread-safe.
 *
 * @param window how far a timestamp may be from the gateway's clock, either way
 */
public record KeyTokenVerifier(KeyTokenStore tokens, InstantSource clock, Duration window) {
  private static final KeyTokenDialect D = KeyTokenDialect.INSTANCE;

  /**
   * The client and account a new token is for; {@code claim}, when present, must be committed
   * through the replay store before the token is issued (the hashed secret is single-use; a conflict
   * is {@code claim.conflict()}).
   */
  public record Grant(Client client, Account account, Optional<Claim> claim) {}

  /**
   * Checks a token request. {@code timestamp} is the decimal text of the timestamp as sent (the
   * hashed secret covers exactly that text). The hashed secret is recorded as used only once
   * everything else checked out.
   */
  public Result<Grant> appToken(String publicKey, String secretKey, String timestamp, Directory directory) {
    long ts;
    try {
      ts = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      return Result.reject(D.badRequest("The field 'timestamp' must be a Unix timestamp in milliseconds (or seconds)."));
    }
    if (ts < 0 || timestamp.length() > 16) {
      return Result.reject(D.badRequest("The field 'timestamp' must be a Unix timestamp in milliseconds (or seconds)."));
    }
    Instant now = clock.instant();
    if (Math.abs(now.toEpochMilli() - KeyTokens.toMillis(ts)) > window.toMillis()) {
      return Result.reject(D.fail(400, KeyTokenDialect.EXPIRED_REQUEST, "keytoken: timestamp " + ts + " outside the window")
          .because(portcullis.core.Reason.CLOCK_SKEW));
    }
    if (!KeyTokenParser.validKey(publicKey) || secretKey.length() > 200) {
      return Result.reject(D.unauthorized(KeyTokenDialect.WRONG_CREDENTIALS, "keytoken: malformed public key or secret")
          .because(portcullis.core.Reason.MALFORMED));
    }
    Optional<Client> found = directory.client(publicKey);
    if (found.isEmpty() || !found.get().active()) {
      return Result.reject(D.unauthorized(KeyTokenDialect.WRONG_CREDENTIALS, "keytoken: unknown or revoked public key " + publicKey)
          .wrongSecret(portcullis.core.Subject.client(publicKey)).because(portcullis.core.Reason.UNKNOWN_KEY));
    }
    Client client = found.get();
    boolean match = false;
    for (String secret : client.secretsAt(now)) {
      match |= Crypto.constantTimeEquals(KeyTokens.hashedSecret(secret, timestamp), secretKey);
    }
    if (!match) {
      return Result.reject(D.unauthorized(KeyTokenDialect.WRONG_CREDENTIALS, "keytoken: wrong hashed secret for " + publicKey)
          .wrongSecret(portcullis.core.Subject.client(publicKey)));
    }
    Optional<Account> owner = directory.accountById(client.ownerAccountId());
    if (owner.isEmpty()) {
      return Result.reject(D.unauthorized(KeyTokenDialect.WRONG_CREDENTIALS, "keytoken: owner of " + publicKey + " missing"));
    }
    Failure status = D.inactiveAccount(owner.get());
    if (status != null) {
      return Result.reject(status);
    }
    Duration ttl = ReplayWindow.ttl(Instant.ofEpochMilli(KeyTokens.toMillis(ts)), window, now);
    return Result.ok(new Grant(client, owner.get(), Optional.of(Claim.firstUse("keytoken:" + publicKey + ":" + secretKey, ttl,
        () -> D.unauthorized("This hashed secret has been used already; hash the secret again with a new timestamp.",
            "keytoken: hashed secret replayed for " + publicKey)))));
  }

  /**
   * Checks a user login inside an app: {@code authorization} is {@code <public_key>} or {@code
   * <public_key>:<app token>} (the official SDKs send their app token).
   */
  public Result<Grant> userToken(String authorization, String email, String password, Directory directory) {
    Result<KeyTokenCredentials> parsed = KeyTokenParser.parse(authorization);
    if (parsed instanceof Result.Rejected<KeyTokenCredentials> r) {
      return r.as();
    }
    KeyTokenCredentials creds = parsed.value();
    Optional<Client> found = directory.client(creds.publicKey());
    if (found.isEmpty() || !found.get().active()) {
      return Result.reject(D.unauthorized(KeyTokenScheme.INVALID_KEY, "keytoken: unknown or revoked public key " + creds.publicKey()));
    }
    if (creds.hasToken()) {
      Optional<StoredKeyToken> t = tokens.find(KeyTokens.hash(creds.token()), directory);
      if (t.isEmpty() || !t.get().validAt(clock.instant()) || !t.get().clientKey().equals(creds.publicKey())) {
        return Result.reject(D.unauthorized(KeyTokenScheme.INVALID_TOKEN, "keytoken: bad app token on users/authenticate"));
      }
    }
    Optional<Account> account = email.isEmpty() || email.length() > 254 ? Optional.empty() : directory.accountByEmail(email);
    if (account.isEmpty()) {
      directory.passwordMatches(null, password);
      return Result.reject(D.unauthorized(KeyTokenDialect.WRONG_CREDENTIALS, "keytoken: unknown user")
          .wrongSecret(portcullis.core.Subject.user(email)).because(portcullis.core.Reason.UNKNOWN_KEY));
    }
    if (!directory.passwordMatches(account.get(), password)) {
      return Result.reject(D.unauthorized(KeyTokenDialect.WRONG_CREDENTIALS, "keytoken: wrong password for " + account.get().id())
          .wrongSecret(portcullis.core.Subject.account(account.get().id())));
    }
    Failure status = D.inactiveAccount(account.get());
    if (status != null) {
      return Result.reject(status);
    }
    return Result.ok(new Grant(found.get(), account.get(), Optional.empty()));
  }
}
