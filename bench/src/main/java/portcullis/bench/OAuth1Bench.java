package portcullis.bench;

import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openjdk.jmh.annotations.Benchmark;
import portcullis.core.Directory;
import portcullis.core.Gateway;
import portcullis.core.Outcome;
import portcullis.core.RoutePolicy;
import portcullis.core.crypto.Crypto;
import portcullis.core.scheme.oauth1.BaseString;
import portcullis.core.scheme.oauth1.OAuth1Policy;
import portcullis.core.scheme.oauth1.OAuth1Scheme;
import portcullis.core.scheme.oauth1.OAuth1Token;
import portcullis.core.scheme.oauth1.OAuth1Tokens;
import portcullis.core.scheme.oauth1.OAuth1Verifier;
import portcullis.core.scheme.oauth1.Percent;
import portcullis.core.scheme.oauth1.Signatures;

/**
 * OAuth 1.0a on a protected route, cached path: header parse, parameter normalization, base string,
 * HMAC-SHA1 check, token and client from memory, identity. The replay guard here always answers
 * "first use" (the in-memory guard's insert is measured by the wrk run with pre-signed requests).
 */
public class OAuth1Bench extends AuthBench {
  static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  static final String TOKEN = "tQ8pWkz3oYb1mN7cR5vX2aL9eH4sJ6dF";
  static final String TOKEN_SECRET = "Vb7yT2kP9wQ4rE1uI8oA5sD3fG6hJ0lZxC2vB4nM";
  final OAuth1Token token = new OAuth1Token(Crypto.sha256Hex(TOKEN), OAuth1Token.Kind.ACCESS, Fixtures.CLIENT.clientKey(),
      Fixtures.ACCOUNT.id(), TOKEN_SECRET, Set.of("read"), null, OAuth1Token.State.ACTIVE, null, NOW, null);
  final OAuth1Tokens tokens = new OAuth1Tokens() {
    @Override
    public Optional<OAuth1Token> find(String value, portcullis.core.Directory lookups) {
      return value.equals(TOKEN) ? Optional.of(token) : Optional.empty();
    }

    @Override
    public Optional<PublicKey> rsaKey(String clientKey, portcullis.core.Directory lookups) {
      return Optional.empty();
    }
  };
  /** Commits the nonce claims as the gateway does, with a store that never refuses (each nonce is used once anyway). */
  final portcullis.core.Admission admission = new portcullis.core.Admission(
      c -> java.util.concurrent.CompletableFuture.completedFuture(true), List.of());
  final OAuth1Verifier verifier = new OAuth1Verifier(tokens, () -> NOW, OAuth1Policy.DEFAULT);
  final RoutePolicy route = Fixtures.route(new OAuth1Scheme(verifier));
  final Directory directory = Fixtures.directory("unused");
  final portcullis.core.RequestView request = Fixtures.get("/v2/whoami?page=2",
      "Host", "127.0.0.1:8080", "Authorization", header());

  static String header() {
    String ts = Long.toString(NOW.getEpochSecond());
    var params = List.of(Map.entry("oauth_consumer_key", Fixtures.CLIENT.clientKey()), Map.entry("oauth_token", TOKEN),
        Map.entry("oauth_signature_method", "HMAC-SHA1"), Map.entry("oauth_timestamp", ts),
        Map.entry("oauth_nonce", "k2P9wq7Zt1"), Map.entry("oauth_version", "1.0"), Map.entry("page", "2"));
    String base = BaseString.of("GET", "http://127.0.0.1:8080/v2/whoami", BaseString.normalize(params));
    String sig = Signatures.sign("HMAC-SHA1", base, Fixtures.CLIENT.secret(), TOKEN_SECRET);
    return "OAuth oauth_consumer_key=\"" + Fixtures.CLIENT.clientKey() + "\", oauth_token=\"" + TOKEN
        + "\", oauth_signature_method=\"HMAC-SHA1\", oauth_timestamp=\"" + ts + "\", oauth_nonce=\"k2P9wq7Zt1\","
        + " oauth_version=\"1.0\", oauth_signature=\"" + Percent.encode(sig) + "\"";
  }

  @Benchmark
  public Outcome authenticate() {
    Outcome o = admission.admit(Gateway.authenticate(request, route, directory), request, route).toCompletableFuture().join();
    if (!(o instanceof Outcome.Authenticated)) {
      throw new IllegalStateException("fixture no longer verifies: " + o);
    }
    return o;
  }
}
