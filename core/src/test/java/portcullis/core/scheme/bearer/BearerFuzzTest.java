package portcullis.core.scheme.bearer;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import portcullis.core.Gateway;
import portcullis.core.RoutePolicy;
import portcullis.core.dialect.OAuth2Dialect;
import portcullis.core.store.AccountStatus;
import portcullis.core.store.ClientStatus;
import portcullis.core.testing.FuzzChecks;
import portcullis.core.testing.FuzzRun;
import portcullis.core.testing.MemoryDirectory;
import portcullis.core.testing.MovableClock;
import portcullis.core.testing.Mutator;
import portcullis.core.testing.TestRequest;
import portcullis.core.text.Form;

/**
 * Mutated bearer tokens (real JWTs of each algorithm, in the header, the query and a form body),
 * mutated client authentication and mutated token-endpoint bodies never throw: an identity, a 2xx
 * token answer, or a 4xx in the RFC 6749/6750 dialect.
 */
class BearerFuzzTest {
  static final ObjectMapper JSON = new ObjectMapper();
  final MovableClock clock = new MovableClock(Instant.parse("2026-11-22T10:00:00Z"));
  final MemoryDirectory dir = new MemoryDirectory();

  BearerFuzzTest() {
    dir.account("acct", AccountStatus.ACTIVE);
    dir.client("key1", "secret1", "acct", Set.of("read", "write"), false, ClientStatus.ACTIVE);
    dir.client("pub1", "secret2", "acct", Set.of("read"), true, ClientStatus.ACTIVE);
  }

  BearerScheme scheme(BearerAlgorithm alg) {
    BearerConfig config = new BearerConfig(alg, Duration.ofSeconds(600), Duration.ofHours(1), "portcullis", false);
    KeyRing ring = new KeyRing(alg, config.rotation(), config.ttl(), clock);
    ring.add(ring.generate());
    return new BearerScheme(config, ring, TokenCache.bounded(1000), jti -> false, clock);
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void mutatedTokens_identityOr4xxInOAuth2() {
    FuzzRun run = FuzzRun.of("bearer-parser", 8_000);
    List<BearerScheme> schemes = new ArrayList<>();
    List<String> tokens = new ArrayList<>();
    for (BearerAlgorithm alg : BearerAlgorithm.values()) {
      BearerScheme s = scheme(alg);
      schemes.add(s);
      tokens.add(s.verifier().issue("acct", "key1", Set.of("read", "write"), clock.instant(), Duration.ofSeconds(600)).compact());
    }
    tokens.add("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");
    Mutator m = new Mutator(run.random(), tokens, ".", "eyJ", "\"alg\":", "\"kid\":", "=", "-", "_", "~", "+", "/");
    Mutator where = new Mutator(run.random(), List.of("Bearer ", "bearer  ", "Bearer\t"), ",", " ");
    for (int i = 0; i < run.iterations(); i++) {
      String token = m.next();
      int place = run.random().nextInt(4);
      String prefix = where.next();
      run.check(place + " " + prefix + token, () -> {
        TestRequest req = switch (place) {
          case 0 -> new TestRequest("GET", "/api/whoami").header("Authorization", "Bearer " + token);
          case 1 -> new TestRequest("GET", "/api/whoami").header("Authorization", prefix + token);
          case 2 -> new TestRequest("GET", "/api/whoami?access_token=" + token);
          default -> new TestRequest("POST", "/api/whoami").header("Content-Type", "application/x-www-form-urlencoded")
              .body("access_token=" + token + "&x=1");
        };
        for (boolean allowQuery : new boolean[] {false, true}) {
          FuzzChecks.result(BearerParser.parse(req, allowQuery, "Test"), OAuth2Dialect.INSTANCE);
        }
        BearerScheme s = schemes.get(run.random().nextInt(schemes.size()));
        RoutePolicy route = new RoutePolicy("r", List.of(s), RoutePolicy.ClientKeyMode.NONE, Set.of("read"), OAuth2Dialect.INSTANCE,
            "Test", Map.of());
        run.tally(FuzzChecks.outcome(Gateway.authenticate(req, route, dir), OAuth2Dialect.INSTANCE));
      });
    }
    run.finish();
  }

  @Test
  void mutatedTokenRequests_tokenOr4xxInOAuth2() {
    FuzzRun run = FuzzRun.of("token-endpoint-form", 8_000);
    TokenEndpoint endpoint = new TokenEndpoint(scheme(BearerAlgorithm.HS256), "Test");
    Mutator auth = new Mutator(run.random(), List.of("Basic " + b64("key1:secret1"), "Basic " + b64("pub1:secret2"),
        "Basic " + b64("key%31:secret1"), "Basic " + b64("key1:"), ""), "Basic ", "=", ":");
    Mutator body = new Mutator(run.random(), List.of("grant_type=client_credentials", "grant_type=client_credentials&scope=read",
        "grant_type=client_credentials&client_id=key1&client_secret=secret1", "token=abc&token_type_hint=access_token",
        "grant_type=client_credentials&scope=read%20write&scope=x"), "&", "=", "grant_type", "client_credentials", "scope=",
        "client_id=", "client_secret=", "+", "%20", "token=");
    Mutator type = new Mutator(run.random(), List.of("application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=UTF-8",
        "application/json"), ";", "charset=", " ");
    for (int i = 0; i < run.iterations(); i++) {
      String a = auth.next();
      String b = body.next();
      String t = type.next();
      run.check(a + " | " + t + " | " + b, () -> {
        List<String> authorization = a.isEmpty() ? List.of() : List.of(a);
        var request = new TokenEndpoint.Request(authorization, t, b.getBytes(StandardCharsets.UTF_8));
        for (TokenEndpoint.Answer answer : List.of(endpoint.token(request, dir), endpoint.revoke(request, dir),
            endpoint.introspect(request, dir))) {
          if (answer.failure() != null) {
            FuzzChecks.wellFormed(answer.failure(), OAuth2Dialect.INSTANCE);
          } else if (answer.status() < 200 || answer.status() > 299) {
            throw new AssertionError("status " + answer.status() + " without a failure");
          } else if (answer.body().length > 0) {
            JSON.readTree(answer.body());
          }
        }
        FuzzChecks.result(ClientAuthParser.parse(authorization, Form.parse(b), "Test"), OAuth2Dialect.INSTANCE);
      });
    }
    run.finish();
  }
}
