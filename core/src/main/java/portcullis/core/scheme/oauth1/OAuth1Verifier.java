package portcullis.core.scheme.oauth1;

import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import portcullis.core.Directory;
import portcullis.core.Failure;
import portcullis.core.Result;
import portcullis.core.dialect.Seed000Dialect;
import portcullis.core.RequestView;
import portcullis.core.replay.Claim;
import portcullis.core.replay.ReplayWindow;
import portcullis.core.store.Account;
import portcullis.core.store.Client;

/**
 * Checks one signed OAuth 1.0a request: parse → parameters → timestamp window → client → token →
 * account → signature → nonce (recorded last, after every lookup and only for a valid signature) →
 * account status. Used by the scheme for protected routes and by the token endpoints. Thread-safe.
 */
public record OAuth1Verifier(OAuth1Tokens tokens, InstantSource clock, OAuth1Policy policy) {
  /** Which token the request must carry. */
  public enum Expect { NO_TOKEN, REQUEST_TOKEN, ACCESS_TOKEN }

  /**
   * A request whose signature checked out. {@code token} is the request's token (null for {@link
   * Expect#NO_TOKEN}); {@code account} the authorizing account of an access token or of an approved
   * request token, else null. {@code nonce}, when present, must be committed through the replay store
   * before the request is accepted (a conflict is {@code nonce.conflict()}, {@code nonce_used}).
   */
  public record Verified(OAuth1Request request, Client client, OAuth1Token token, Account account, Optional<Claim> nonce) {}

  private static final int MAX_NONCE = 255;

  private static Result<Verified> bad(Failure f) {
    return Result.reject(f);
  }

  /**
   * The base string URI of a request: the configured base URL, else the scheme ({@code http}, or
   * the trusted {@code X-Forwarded-Proto}) + Host.
   */
  public String baseUri(RequestView request) {
    if (policy.baseUrl() != null) {
      return BaseString.uri(policy.baseUrl() + request.path());
    }
    String host = request.header("Host");
    return BaseString.uri(policy.scheme(request), host == null ? "" : host, request.path());
  }

  /** The signature base string the server computes for this request. */
  public String baseString(RequestView request, OAuth1Request parsed) {
    return BaseString.of(request.method(), baseUri(request), BaseString.normalize(parsed.params()));
  }

  public Result<Verified> verify(RequestView request, String realm, Directory directory, Expect expect) {
    return verify(request, realm, directory, expect, false);
  }

  /**
   * @param requireNonce whether PLAINTEXT must carry oauth_timestamp and oauth_nonce too (RFC 5849
   *     section 3.4.4 lets it leave both out, which makes the request replayable)
   */
  public Result<Verified> verify(RequestView request, String realm, Directory directory, Expect expect, boolean requireNonce) {
    Failure early = beforeTheBody(request, realm, directory);
    if (early != null) {
      return bad(early);
    }
    Result<OAuth1Request> parsed = OAuth1Parser.parse(request, realm);
    if (parsed instanceof Result.Rejected<OAuth1Request> rejected) {
      return rejected.as();
    }
    OAuth1Request r = parsed.value();
    String method = r.get("oauth_signature_method");
    boolean plaintext = Signatures.PLAINTEXT.equals(method);
    String absent = absent(r, expect, plaintext && !requireNonce);
    if (absent != null) {
      return bad(OAuth1Failures.of(Problem.PARAMETER_ABSENT, "Send the OAuth parameter(s): " + absent + ".", realm,
          "absent " + absent, "oauth_parameters_absent", absent.replace(", ", "&")));
    }
    String version = r.get("oauth_version");
    // 1.0A: node-oauth's README (and its users) send it for OAuth Core 1.0 Revision A, which is 1.0 on the wire
    if (version != null && !version.equals("1.0") && !version.equalsIgnoreCase("1.0a")) {
      return bad(OAuth1Failures.of(Problem.VERSION_REJECTED, "oauth_version must be 1.0 (or left out).", realm,
          "version " + version, "oauth_acceptable_versions", "1.0-1.0"));
    }
    if (!method.equals(Signatures.HMAC_SHA1) && !method.equals(Signatures.HMAC_SHA256) && !plaintext
        && !method.equals(Signatures.RSA_SHA1)) {
      return bad(OAuth1Failures.of(Problem.SIGNATURE_METHOD_REJECTED,
          "Use HMAC-SHA1, HMAC-SHA256, PLAINTEXT (over HTTPS) or RSA-SHA1 (with a registered RSA key).", realm,
          "method " + method));
    }
    String baseUri = baseUri(request);
    if (plaintext && baseUri.startsWith("http:") && !policy.allowPlaintextOverHttp()) {
      return bad(OAuth1Failures.of(Problem.SIGNATURE_METHOD_REJECTED,
          "PLAINTEXT is accepted only over HTTPS here; sign with HMAC-SHA1 or HMAC-SHA256.", realm, "plaintext over http"));
    }
    if (plaintext && !request.confidential()) {
      return bad(portcullis.core.dialect.Seed000Dialect.INSTANCE.plaintext("An OAuth 1.0a PLAINTEXT signature (the secrets themselves)"));
    }
    Instant now = clock.instant();
    String ts = r.get("oauth_timestamp");
    if (ts != null) {
      long t = parseTimestamp(ts);
      long window = policy.timestampWindow().toSeconds();
      if (t < 0) {
        return bad(OAuth1Failures.of(Problem.PARAMETER_REJECTED,
            "oauth_timestamp must be the number of seconds since 1970-01-01T00:00:00Z.", realm, "bad timestamp"));
      }
      if (Math.abs(t - now.getEpochSecond()) > window) {
        return bad(OAuth1Failures.of(Problem.TIMESTAMP_REFUSED, "oauth_timestamp is more than " + window
            + " seconds away from the server's clock (" + now.getEpochSecond() + "); check the client's clock.", realm,
            "timestamp " + t + " vs " + now.getEpochSecond(), "oauth_acceptable_timestamps",
            (now.getEpochSecond() - window) + "-" + (now.getEpochSecond() + window)));
      }
    }
    String nonce = r.get("oauth_nonce");
    if (nonce != null && (nonce.isEmpty() || nonce.length() > MAX_NONCE)) {
      return bad(OAuth1Failures.of(Problem.PARAMETER_REJECTED, "oauth_nonce must be 1 to " + MAX_NONCE + " characters.",
          realm, "bad nonce length"));
    }
    String key = r.get("oauth_consumer_key");
    if (key.isEmpty() || key.length() > 256) {
      return bad(OAuth1Failures.of(Problem.CONSUMER_KEY_UNKNOWN, "The oauth_consumer_key is not a registered client key.",
          realm, "bad consumer key length"));
    }
    // lookups (may throw WouldBlock; nothing recorded before the last one)
    Optional<Client> client = directory.client(key);
    if (client.isEmpty()) {
      return bad(OAuth1Failures.of(Problem.CONSUMER_KEY_UNKNOWN, "The oauth_consumer_key is not a registered client key.",
          realm, "unknown consumer " + key));
    }
    Client c = client.get();
    if (!c.active()) {
      return bad(OAuth1Failures.of(Problem.CONSUMER_KEY_REJECTED, "This client key has been revoked.", realm,
          "revoked consumer " + key));
    }
    OAuth1Token token = null;
    Account account = null;
    if (expect != Expect.NO_TOKEN) {
      Optional<OAuth1Token> found = tokens.find(r.get("oauth_token"), directory);
      OAuth1Token.Kind kind = expect == Expect.ACCESS_TOKEN ? OAuth1Token.Kind.ACCESS : OAuth1Token.Kind.REQUEST;
      if (found.isEmpty() || found.get().kind() != kind || !found.get().clientKey().equals(key)) {
        return bad(OAuth1Failures.of(Problem.TOKEN_REJECTED, kind == OAuth1Token.Kind.ACCESS
            ? "The oauth_token is not a valid access token of this client: it is unknown, revoked, or not an access token."
            : "The oauth_token is not a request token of this client awaiting exchange: it is unknown, used, or not a request token.",
            realm, "token rejected for " + key));
      }
      token = found.get();
      if (token.expiredAt(now)) {
        return bad(OAuth1Failures.of(Problem.TOKEN_EXPIRED, "The token has expired; start again with a new request token.",
            realm, token.id() + " expired"));
      }
      if (token.accountId() != null) { // an access token, or a request token the account approved
        Optional<Account> a = directory.accountById(token.accountId());
        if (a.isEmpty()) {
          return bad(OAuth1Failures.of(Problem.TOKEN_REJECTED, "The account that authorized this token no longer exists.",
              realm, token.id() + " account gone"));
        }
        account = a.get();
      }
    }
    PublicKey rsa = null;
    if (method.equals(Signatures.RSA_SHA1)) {
      Optional<PublicKey> k = tokens.rsaKey(key, directory);
      if (k.isEmpty()) {
        return bad(OAuth1Failures.of(Problem.SIGNATURE_METHOD_REJECTED,
            "RSA-SHA1 needs an RSA public key registered for this client; sign with HMAC-SHA1 instead.", realm,
            "no rsa key for " + key));
      }
      rsa = k.get();
    }
    String baseString = BaseString.of(request.method(), baseUri, BaseString.normalize(r.params()));
    String tokenSecret = token == null ? "" : token.secret();
    boolean valid = false;
    if (rsa != null) {
      valid = Signatures.verifyRsaSha1(baseString, r.signature(), rsa);
    } else {
      for (String secret : c.secretsAt(now)) {
        valid |= Signatures.verifySecret(method, baseString, r.signature(), secret, tokenSecret);
      }
    }
    if (!valid) {
      return bad(OAuth1Failures.of(Problem.SIGNATURE_INVALID, "The signature does not match. Sign " + request.method()
          + " " + baseUri + " with every query, form-body and oauth_ parameter (RFC 5849 section 3.4).", realm,
          "signature mismatch for " + key).wrongSecret(portcullis.core.Subject.client(key)));
    }
    Claim claim = null;
    if (nonce != null) {
      String tokenPart = token == null ? "-" : token.hash().substring(0, 32);
      Duration ttl = ts == null ? ReplayWindow.untimed(policy.timestampWindow())
          : ReplayWindow.ttl(Instant.ofEpochSecond(parseTimestamp(ts)), policy.timestampWindow(), now);
      claim = Claim.firstUse("oauth1:" + key + ":" + tokenPart + ":" + ts + ":" + nonce, ttl, () -> OAuth1Failures.of(Problem.NONCE_USED,
          "This oauth_nonce was used already with this timestamp; send a fresh nonce with every request.", realm,
          "nonce replay for " + key));
    }
    if (account != null) {
      Failure f = Seed000Dialect.INSTANCE.inactiveAccount(account);
      if (f != null) {
        return bad(f);
      }
    }
    return Result.ok(new Verified(r, c, token, account, Optional.ofNullable(claim)));
  }

  private static String absent(OAuth1Request r, Expect expect, boolean plaintext) {
    StringBuilder b = new StringBuilder();
    String[] need = plaintext
        ? new String[] {"oauth_consumer_key", "oauth_signature_method", "oauth_signature"}
        : new String[] {"oauth_consumer_key", "oauth_signature_method", "oauth_signature", "oauth_timestamp", "oauth_nonce"};
    for (String n : need) {
      String v = n.equals("oauth_signature") ? r.signature() : r.get(n);
      if (v == null || (v.isEmpty() && !n.equals("oauth_signature"))) {
        b.append(b.isEmpty() ? "" : ", ").append(n);
      }
    }
    if (expect != Expect.NO_TOKEN && (r.get("oauth_token") == null || r.get("oauth_token").isEmpty())) {
      b.append(b.isEmpty() ? "" : ", ").append("oauth_token");
    }
    if (plaintext && r.get("oauth_timestamp") != null && r.get("oauth_nonce") == null) {
      b.append(b.isEmpty() ? "" : ", ").append("oauth_nonce");
    }
    return b.isEmpty() ? null : b.toString();
  }

  /**
   * For a form body signed with the parameters in the Authorization header: what can be refused
   * before the body is read (an unknown or revoked consumer key, a timestamp outside the window), so
   * that nobody without a registered key makes the gateway read a body. Null when nothing is wrong
   * yet (or nothing can be told without the body); no side effects.
   */
  private Failure beforeTheBody(RequestView request, String realm, Directory directory) {
    String auth = request.header("Authorization");
    if (!OAuth1Parser.isForm(request.header("Content-Type")) || !OAuth1Parser.isOAuthHeader(auth)) {
      return null;
    }
    List<Map.Entry<String, String>> header = new ArrayList<>();
    if (OAuth1Parser.parseHeader(auth, header) != null) {
      return null; // the full parse says what is wrong
    }
    String key = null;
    String ts = null;
    for (Map.Entry<String, String> e : header) {
      if (e.getKey().equals("oauth_consumer_key")) {
        key = e.getValue();
      } else if (e.getKey().equals("oauth_timestamp")) {
        ts = e.getValue();
      }
    }
    if (ts != null) {
      long t = parseTimestamp(ts);
      long now = clock.instant().getEpochSecond();
      long window = policy.timestampWindow().toSeconds();
      if (t >= 0 && Math.abs(t - now) > window) {
        return OAuth1Failures.of(Problem.TIMESTAMP_REFUSED, "oauth_timestamp is more than " + window
            + " seconds away from the server's clock (" + now + "); check the client's clock.", realm,
            "timestamp " + t + " vs " + now, "oauth_acceptable_timestamps", (now - window) + "-" + (now + window));
      }
    }
    if (key != null && !key.isEmpty() && key.length() <= 256) {
      Optional<Client> client = directory.client(key);
      if (client.isEmpty()) {
        return OAuth1Failures.of(Problem.CONSUMER_KEY_UNKNOWN, "The oauth_consumer_key is not a registered client key.",
            realm, "unknown consumer " + key);
      }
      if (!client.get().active()) {
        return OAuth1Failures.of(Problem.CONSUMER_KEY_REJECTED, "This client key has been revoked.", realm, "revoked consumer " + key);
      }
    }
    return null;
  }

  static long parseTimestamp(String s) {
    if (s.isEmpty() || s.length() > 12) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch < '0' || ch > '9') {
        return -1;
      }
      v = v * 10 + (ch - '0');
    }
    return v;
  }
}
