package portcullis.core.scheme.oauth1;

import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import portcullis.core.Directory;
import portcullis.core.Gateway;
import portcullis.core.RoutePolicy;
import portcullis.core.crypto.Crypto;
import portcullis.core.dialect.Seed000Dialect;
import portcullis.core.store.Account;
import portcullis.core.store.AccountStatus;
import portcullis.core.store.Client;
import portcullis.core.store.ClientStatus;
import portcullis.core.testing.FuzzChecks;
import portcullis.core.testing.FuzzRun;
import portcullis.core.testing.MemoryDirectory;
import portcullis.core.testing.MovableClock;
import portcullis.core.testing.Mutator;
import portcullis.core.testing.TestRequest;

/**
 * Well-formed signed OAuth 1.0a requests (HMAC-SHA1, HMAC-SHA256, PLAINTEXT; access and request
 * tokens; parameters in the header, the query or a form body), mutated, never throw from the
 * parser, the verifier or the scheme: an identity or a 4xx in seed 000's dialect with its
 * oauth_problem.
 */
class OAuth1MutationFuzzTest {
  static final Instant NOW = OAuth1VerifierTest.NOW;
  final Map<String, OAuth1Token> tokens = new HashMap<>();
  final MemoryDirectory dir = new MemoryDirectory();
  final OAuth1Tokens store = new OAuth1Tokens() {
    public Optional<OAuth1Token> find(String value, Directory lookups) {
      return Optional.ofNullable(tokens.get(Crypto.sha256Hex(value)));
    }

    public Optional<PublicKey> rsaKey(String key, Directory lookups) {
      return Optional.empty();
    }
  };
  final OAuth1Verifier verifier = new OAuth1Verifier(store, new MovableClock(NOW), new OAuth1Policy(Duration.ofSeconds(300), true, null));
  final OAuth1Scheme scheme = new OAuth1Scheme(verifier);

  OAuth1MutationFuzzTest() {
    dir.accounts.put("acc1", new Account("acc1", "a@example.com", "x", AccountStatus.ACTIVE, NOW));
    dir.clients.put("ck", new Client("ck", "acc1", "App", Set.of("read", "write"), true, ClientStatus.ACTIVE, "cs", null, null, NOW));
    tokens.put(Crypto.sha256Hex("at"), new OAuth1Token(Crypto.sha256Hex("at"), OAuth1Token.Kind.ACCESS, "ck", "acc1", "ts",
        Set.of("read"), null, OAuth1Token.State.ACTIVE, null, NOW, null));
    tokens.put(Crypto.sha256Hex("rt"), new OAuth1Token(Crypto.sha256Hex("rt"), OAuth1Token.Kind.REQUEST, "ck", null, "rts",
        Set.of("read"), "oob", OAuth1Token.State.PENDING, null, NOW, NOW.plusSeconds(600)));
  }

  @Test
  void mutatedSignedRequests_identityOr4xxInSeed000() {
    FuzzRun run = FuzzRun.of("oauth1-parser", 12_000);
    String target = "/v2/whoami?x=1%202";
    List<String> headers = new ArrayList<>();
    for (String method : List.of("HMAC-SHA1", "HMAC-SHA256", "PLAINTEXT")) {
      headers.add(OAuth1VerifierTest.header("GET", target, method, "at", "ts", NOW.getEpochSecond(), "n0nce" + method, "cs"));
      headers.add(OAuth1VerifierTest.header("GET", target, method, "rt", "rts", NOW.getEpochSecond(), "n1nce" + method, "cs"));
      headers.add(OAuth1VerifierTest.header("GET", target, method, null, null, NOW.getEpochSecond(), "n2nce" + method, "cs"));
    }
    Mutator header = new Mutator(run.random(), headers, "oauth_consumer_key=", "oauth_token=", "oauth_signature=", "oauth_nonce=",
        "oauth_timestamp=", "oauth_signature_method=", "oauth_version=", "oauth_callback=", "oauth_verifier=", "realm=", "OAuth ",
        "%", "\"", ", ", "=", "RSA-SHA1");
    // the same parameters sent in the query or a form body instead
    List<String> forms = new ArrayList<>();
    for (String h : headers) {
      forms.add(h.substring("OAuth realm=\"r\", ".length()).replace("\"", "").replace(", ", "&"));
    }
    Mutator form = new Mutator(run.random(), forms, "&", "=", "oauth_", "%", "+", "x=1%202");
    RoutePolicy route = new RoutePolicy("r", List.of(scheme), RoutePolicy.ClientKeyMode.NONE, Set.of(), Seed000Dialect.INSTANCE, "r",
        Map.of());
    RoutePolicy strict = new RoutePolicy("s", List.of(scheme), RoutePolicy.ClientKeyMode.NONE, Set.of("write"), Seed000Dialect.INSTANCE,
        "r", Map.of(OAuth1Scheme.REQUIRE_NONCE_OPTION, "true"));
    for (int i = 0; i < run.iterations(); i++) {
      int place = run.random().nextInt(3);
      String value = place == 0 ? header.next() : form.next();
      OAuth1Verifier.Expect expect = OAuth1Verifier.Expect.values()[run.random().nextInt(OAuth1Verifier.Expect.values().length)];
      run.check(place + " " + expect + " " + value, () -> {
        TestRequest req = switch (place) {
          case 0 -> new TestRequest("GET", target).header("Authorization", value);
          case 1 -> new TestRequest("GET", target + "&" + value);
          default -> new TestRequest("POST", target).header("Content-Type", "application/x-www-form-urlencoded").body(value);
        };
        req.header("Host", "api.example.com");
        FuzzChecks.result(OAuth1Parser.parse(req, "r"), Seed000Dialect.INSTANCE);
        FuzzChecks.result(verifier.verify(req, "r", dir, expect), Seed000Dialect.INSTANCE);
        for (RoutePolicy p : List.of(route, strict)) {
          run.tally(FuzzChecks.outcome(Gateway.authenticate(req, p, dir), Seed000Dialect.INSTANCE));
        }
      });
    }
    run.finish();
  }
}
