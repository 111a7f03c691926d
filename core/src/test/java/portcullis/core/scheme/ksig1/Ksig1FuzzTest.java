package portcullis.core.scheme.ksig1;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import portcullis.core.Gateway;
import portcullis.core.RoutePolicy;
import portcullis.core.dialect.Ksig1Dialect;
import portcullis.core.store.AccountStatus;
import portcullis.core.store.ClientStatus;
import portcullis.core.testing.FuzzChecks;
import portcullis.core.testing.FuzzRun;
import portcullis.core.testing.MemoryDirectory;
import portcullis.core.testing.Mutator;
import portcullis.core.testing.TestRequest;
import portcullis.core.tokens.TokenGrant;

/**
 * Requests signed as a client signs them (GET and POST, with and without an auth token and signed
 * elements), then one header, the path, the query or the body mutated, never throw: an identity
 * or a 401/4xx in seed 004's dialect.
 */
class Ksig1FuzzTest {
  final MemoryDirectory dir = new MemoryDirectory();
  final Ksig1Scheme scheme = new Ksig1Scheme((token, d) -> token.equals("tok_good")
      ? Optional.of(new TokenGrant("t1", "acc-1", "ck_1", Set.of("read"), Ksig1SchemeTest.NOW.plusSeconds(60))) : Optional.empty(),
      Clock.fixed(Ksig1SchemeTest.NOW, ZoneOffset.UTC), Duration.ofSeconds(300));
  final List<RoutePolicy> routes = List.of(
      new RoutePolicy("r", List.of(scheme), RoutePolicy.ClientKeyMode.REQUIRED, Set.of(), Ksig1Dialect.INSTANCE, "x", Map.of()),
      new RoutePolicy("d", List.of(scheme), RoutePolicy.ClientKeyMode.REQUIRED, Set.of("write"), Ksig1Dialect.INSTANCE, "x",
          Map.of(Ksig1Scheme.DEBUG_OPTION, "true", Ksig1Scheme.TOKEN_OPTION, "true")));

  Ksig1FuzzTest() {
    var owner = dir.account("acc-1", "o@example.com", "pw", AccountStatus.ACTIVE);
    dir.client("ck_1", Ksig1SchemeTest.SECRET, owner, Set.of("read", "write"), ClientStatus.ACTIVE);
  }

  List<Ksig1SchemeTest.Req> valid() {
    List<Ksig1SchemeTest.Req> out = new ArrayList<>();
    out.add(new Ksig1SchemeTest.Req());
    Ksig1SchemeTest.Req get = new Ksig1SchemeTest.Req();
    get.method = "GET";
    get.body = new byte[0];
    get.headers.remove("X-API-Signed-Elements");
    get.headers.remove("Content-Type");
    out.add(get);
    Ksig1SchemeTest.Req token = new Ksig1SchemeTest.Req();
    token.headers.put("X-API-Auth-Token", "tok_good");
    out.add(token);
    for (Ksig1SchemeTest.Req r : out) {
      r.headers.put("X-API-Nonce", "nonce-fuzz-" + out.indexOf(r)); // the same seed, the same inputs
    }
    return out;
  }

  @Test
  void mutatedSignedRequests_identityOr4xxInSeed004() {
    FuzzRun run = FuzzRun.of("ksig1-parser", 20_000);
    List<Ksig1SchemeTest.Req> valid = valid();
    List<String> auths = new ArrayList<>();
    for (Ksig1SchemeTest.Req r : valid) {
      auths.add("KSig1-HMAC-SHA256 Signature=" + r.sign());
    }
    Mutator words = new Mutator(run.random(), List.of("content-type", "host;x-api-key", "api.example.com", "ck_1", "nonce-0123456789",
        "1795340000", "tok_good", "/api/signed/wh%C3%B6ami", "b=2&a=x+y&a=%41", "{\"amount\":100}"), ";", "=", "&", "%", "x-api-");
    Mutator auth = new Mutator(run.random(), auths, "Signature=", "KSig1-HMAC-SHA256", " ", "0");
    String[] names = {"Authorization", "Host", "X-API-Key", "X-API-Timestamp", "X-API-Nonce", "X-API-Signed-Elements",
        "X-API-Auth-Token", "Content-Type", "path", "query", "body", "twice"};
    for (int i = 0; i < run.iterations(); i++) {
      Ksig1SchemeTest.Req r = valid.get(run.random().nextInt(valid.size()));
      String authorization = "KSig1-HMAC-SHA256 Signature=" + r.sign();
      String what = names[run.random().nextInt(names.length)];
      String value = what.equals("Authorization") ? auth.next() : words.mutate(switch (what) {
        case "path" -> r.path;
        case "query" -> r.query;
        case "body" -> new String(r.body, StandardCharsets.UTF_8);
        default -> r.headers.getOrDefault(what, "");
      });
      run.check(what + ": " + value, () -> {
        String method = r.method;
        String path = what.equals("path") ? value : r.path;
        String query = what.equals("query") ? value : r.query;
        byte[] body = what.equals("body") ? value.getBytes(StandardCharsets.UTF_8) : r.body;
        TestRequest req = TestRequest.of(method, path, query, body);
        r.headers.forEach((k, v) -> req.header(k, k.equals(what) ? value : v));
        if (!r.headers.containsKey(what) && what.startsWith("X-")) {
          req.header(what, value);
        }
        if (what.equals("twice")) {
          req.header("X-API-Nonce", value);
        }
        req.header("Authorization", what.equals("Authorization") ? value : authorization);
        for (RoutePolicy route : routes) {
          run.tally(FuzzChecks.outcome(Gateway.authenticate(req, route, dir), Ksig1Dialect.INSTANCE));
        }
      });
    }
    run.finish();
  }
}
