package portcullis.core.scheme.keytoken;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import portcullis.core.Gateway;
import portcullis.core.RoutePolicy;
import portcullis.core.dialect.KeyTokenDialect;
import portcullis.core.store.AccountStatus;
import portcullis.core.store.ClientStatus;
import portcullis.core.testing.FuzzChecks;
import portcullis.core.testing.FuzzRun;
import portcullis.core.testing.MemoryDirectory;
import portcullis.core.testing.MovableClock;
import portcullis.core.testing.Mutator;
import portcullis.core.testing.TestRequest;

/**
 * Mutated {@code Authorization: <public_key>[:<token>]} headers and token-exchange fields (the
 * hashed secret, the timestamp) never throw: an identity, a grant, or a 4xx in seed 003's dialect.
 */
class KeyTokenFuzzTest {
  static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  final MovableClock clock = new MovableClock(NOW);
  final MemoryDirectory dir = new MemoryDirectory();
  final Map<String, StoredKeyToken> stored = new ConcurrentHashMap<>();
  final KeyTokenStore store = (hash, d) -> Optional.ofNullable(stored.get(hash));
  final KeyTokenScheme scheme = new KeyTokenScheme(store, clock, List.of(KeyTokenParserTest.OTHER_WORDS));
  final KeyTokenVerifier verifier = new KeyTokenVerifier(store, clock, Duration.ofSeconds(300));

  KeyTokenFuzzTest() {
    var owner = dir.account("acc-1", "owner@example.com", "pw-owner-1", AccountStatus.ACTIVE);
    dir.client("pk_app", "b7c9e2f0-secret", owner, Set.of("read"), ClientStatus.ACTIVE);
  }

  String token() {
    String t = KeyTokens.newToken();
    stored.put(KeyTokens.hash(t), new StoredKeyToken("kt_1", "pk_app", "acc-1", StoredKeyToken.Kind.APP, NOW, NOW.plusSeconds(3600), false));
    return t;
  }

  @Test
  void mutatedHeadersAndExchanges_identityOr4xxInSeed003() {
    FuzzRun run = FuzzRun.of("keytoken-parser", 20_000);
    String token = token();
    Mutator header = new Mutator(run.random(), List.of("pk_app", "pk_app:" + token, "pk_app:" + KeyTokens.newToken(), "Basic pk_app"),
        ":", "pk_", " ", "Bearer ", "KSig1-HMAC-SHA256 ");
    String ts = Long.toString(NOW.toEpochMilli());
    Mutator secret = new Mutator(run.random(), List.of(KeyTokens.hashedSecret("b7c9e2f0-secret", ts), "", "x"), "=", "+", "/");
    Mutator stamp = new Mutator(run.random(), List.of(ts, Long.toString(NOW.getEpochSecond()), "0"));
    Mutator email = new Mutator(run.random(), List.of("owner@example.com", "a@b"), "@", "+");
    List<RoutePolicy> routes = List.of(
        new RoutePolicy("t", List.of(scheme), RoutePolicy.ClientKeyMode.REQUIRED, Set.of(), KeyTokenDialect.INSTANCE, "r", Map.of()),
        new RoutePolicy("p", List.of(scheme), RoutePolicy.ClientKeyMode.REQUIRED, Set.of("read"), KeyTokenDialect.INSTANCE, "r",
            Map.of(KeyTokenScheme.PUBLIC_OPTION, "true")));
    for (int i = 0; i < run.iterations(); i++) {
      String h = header.next();
      String s = secret.next();
      String t = stamp.next();
      String e = email.next();
      run.check(h + " | " + s + " | " + t + " | " + e, () -> {
        FuzzChecks.result(KeyTokenParser.parse(h), KeyTokenDialect.INSTANCE);
        for (RoutePolicy route : routes) {
          run.tally(FuzzChecks.outcome(Gateway.authenticate(new TestRequest("GET", "/v0/x").header("Authorization", h), route, dir),
              KeyTokenDialect.INSTANCE));
        }
        FuzzChecks.result(verifier.appToken(h, s, t, dir), KeyTokenDialect.INSTANCE);
        FuzzChecks.result(verifier.userToken(h, e, "pw-owner-1", dir), KeyTokenDialect.INSTANCE);
      });
    }
    run.finish();
  }
}
