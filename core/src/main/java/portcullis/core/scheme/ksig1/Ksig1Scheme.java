package portcullis.core.scheme.ksig1;

import java.time.InstantSource;
import java.time.Duration;
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
import portcullis.core.crypto.Crypto;
import portcullis.core.dialect.Ksig1Dialect;
import portcullis.core.replay.Claim;
import portcullis.core.replay.ReplayWindow;
import portcullis.core.store.Account;
import portcullis.core.store.Client;
import portcullis.core.tokens.TokenGrant;
import portcullis.core.tokens.TokenResolver;

/**
 * KSig1-HMAC-SHA256 request signatures (seed 004). Order of checks:
 * Authorization format → required headers → timestamp window → API key → auth token → signature →
 * nonce (recorded only once the signature verified) → account status. Thread-safe.
 *
 * @param tokens resolves {@code X-API-Auth-Token}
 * @param clock the time timestamps are checked against
 * @param window how far {@code X-API-Timestamp} may be from the gateway's clock, either way; each
 *     nonce is claimed until its timestamp leaves it ({@link ReplayWindow})
 */
public record Ksig1Scheme(TokenResolver tokens, InstantSource clock, Duration window) implements Scheme {
  public static final String ID = "ksig1";
  /** Route option: a signature mismatch also returns the server's canonical request and string to sign. */
  public static final String DEBUG_OPTION = "ksig1.debug";
  /** Route option: {@code X-API-Auth-Token} is required. */
  public static final String TOKEN_OPTION = "ksig1.requireToken";
  private static final Ksig1Dialect D = Ksig1Dialect.INSTANCE;


  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean recognizes(RequestView request) {
    return Ksig1Parser.isKsig1(request);
  }

  @Override
  public Outcome authenticate(RequestView request, RoutePolicy route, Directory directory) {
    Result<Ksig1Credentials> parsed = Ksig1Parser.parse(request, route.option(TOKEN_OPTION));
    if (parsed instanceof Result.Rejected<Ksig1Credentials> r) {
      return Outcome.reject(r.failure());
    }
    Ksig1Credentials c = parsed.value();
    long now = clock.millis() / 1000;
    if (Math.abs(now - c.epochSeconds()) > window.toSeconds()) {
      return Outcome.reject(D.fail(Ksig1Dialect.INVALID_HEADER, "The 'X-API-Timestamp' header is outside the allowed window of "
          + window.toSeconds() + " seconds from the server's time; see the Date response header.", "ksig1: timestamp " + c.timestamp())
          .because(portcullis.core.Reason.CLOCK_SKEW));
    }
    Optional<Client> found = directory.client(c.apiKey());
    if (found.isEmpty() || !found.get().active()) {
      return Outcome.reject(D.fail(Ksig1Dialect.INVALID_API_KEY, Ksig1Dialect.INVALID_API_KEY_MESSAGE, "ksig1: unknown or revoked key " + c.apiKey()));
    }
    Client client = found.get();
    TokenGrant grant = null;
    if (c.authToken() != null) {
      grant = tokens.resolve(c.authToken(), directory).orElse(null);
      if (grant == null || !grant.clientKey().equals(client.clientKey())) {
        return Outcome.reject(D.fail(Ksig1Dialect.INVALID_AUTH_TOKEN, Ksig1Dialect.INVALID_AUTH_TOKEN_MESSAGE,
            "ksig1: auth token unknown, expired, revoked or for another client"));
      }
    }
    Optional<Account> account = directory.accountById(grant != null ? grant.accountId() : client.ownerAccountId());
    String canonical = Ksig1Canonical.request(request.method(), request.path(), request.rawQuery(), c.signedNames(),
        c.signedValues(), request.body());
    String toSign = Ksig1Canonical.stringToSign(c.timestamp(), canonical);
    boolean match = false;
    for (String secret : client.secretsAt(clock.instant())) {
      match |= Crypto.constantTimeEquals(Ksig1Canonical.signature(secret, toSign), c.signature());
    }
    if (!match) {
      Failure f = D.fail(Ksig1Dialect.SIGNATURE_MISMATCH, Ksig1Dialect.SIGNATURE_MISMATCH_MESSAGE, "ksig1: signature mismatch for " + c.apiKey())
          .wrongSecret(portcullis.core.Subject.client(client.clientKey()));
      if (route.option(DEBUG_OPTION)) {
        f = f.withExtra("canonical_request", Ksig1Canonical.display(canonical)).withExtra("string_to_sign", toSign);
      }
      return Outcome.reject(f);
    }
    if (account.isEmpty()) {
      return Outcome.reject(D.fail(Ksig1Dialect.INVALID_API_KEY, Ksig1Dialect.INVALID_API_KEY_MESSAGE, "ksig1: account missing"));
    }
    Failure status = D.inactiveAccount(account.get());
    if (status != null) {
      return Outcome.reject(status);
    }
    Set<String> scopes = grant != null ? grant.scopes() : client.scopes();
    Duration ttl = ReplayWindow.ttl(java.time.Instant.ofEpochSecond(c.epochSeconds()), window, clock.instant());
    return Outcome.ok(new Identity(account.get().id(), client.clientKey(), ID, scopes, grant == null ? null : grant.tokenId()))
        .claiming(Claim.firstUse("ksig1:" + client.clientKey() + ":" + c.nonce(), ttl, () -> D.fail(Ksig1Dialect.INVALID_HEADER,
            "The 'X-API-Nonce' header has already been used. Send a new nonce with every request.", "ksig1: nonce replayed")));
  }
}
