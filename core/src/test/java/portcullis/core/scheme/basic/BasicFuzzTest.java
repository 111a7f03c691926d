package portcullis.core.scheme.basic;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import portcullis.core.Gateway;
import portcullis.core.RoutePolicy;
import portcullis.core.dialect.Seed000Dialect;
import portcullis.core.store.AccountStatus;
import portcullis.core.store.ClientStatus;
import portcullis.core.testing.FuzzChecks;
import portcullis.core.testing.FuzzRun;
import portcullis.core.testing.MemoryDirectory;
import portcullis.core.testing.Mutator;
import portcullis.core.testing.TestRequest;

/**
 * Mutated Basic credentials (the header as sent, and the decoded user:password re-encoded so the
 * mutation gets past base64) never throw: an identity or a 4xx in seed 000's dialect.
 */
class BasicFuzzTest {
  final MemoryDirectory dir = new MemoryDirectory();
  final RoutePolicy keyed = new RoutePolicy("r", List.of(new BasicScheme()), RoutePolicy.ClientKeyMode.REQUIRED, Set.of(),
      Seed000Dialect.INSTANCE, "Portcullis", Map.of());
  final RoutePolicy accountOnly = new RoutePolicy("d", List.of(new BasicScheme()), RoutePolicy.ClientKeyMode.NONE, Set.of(),
      Seed000Dialect.INSTANCE, "Portcullis", Map.of());

  BasicFuzzTest() {
    var alice = dir.account("acc-1", "alice+api@example.com", "open: sesame", AccountStatus.ACTIVE);
    var bob = dir.account("acc-2", "b\u00f6b@example.com", "p\u00e4ss", AccountStatus.LOCKED);
    dir.client("ck_alice", "s1", alice, Set.of("read"), ClientStatus.ACTIVE);
    dir.client("ck_public", "s2", alice.id(), Set.of("read"), true, ClientStatus.ACTIVE);
    dir.client("ck_bob", "s3", bob, Set.of(), ClientStatus.REVOKED);
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void mutatedCredentials_identityOr4xxInSeed000() {
    FuzzRun run = FuzzRun.of("basic-parser", 20_000);
    List<String> texts = List.of("alice+api@example.com:open: sesame", "b\u00f6b@example.com:p\u00e4ss", "a:", ":b", "x@y.z:pw");
    Mutator plain = new Mutator(run.random(), texts, "@", ":", "example.com", "\u00e9");
    Mutator header = new Mutator(run.random(), texts.stream().map(t -> "Basic " + b64(t)).toList(), "Basic ", "basic ", "=", "==");
    Mutator keys = new Mutator(run.random(), List.of("ck_alice", "ck_public", "ck_bob", ""), "ck_", ",");
    for (int i = 0; i < run.iterations(); i++) {
      String auth = run.random().nextBoolean() ? "Basic " + b64(plain.next()) : header.next();
      String key = keys.next();
      run.check(auth + " | key " + key, () -> {
        if (BasicParser.isBasic(auth)) {
          FuzzChecks.result(BasicParser.parse(auth), Seed000Dialect.INSTANCE);
        }
        TestRequest req = new TestRequest("GET", "/v2/whoami?client_key=" + key).header("Authorization", auth);
        if (run.random().nextBoolean()) {
          req.header("X-Client-Key", key);
        }
        run.tally(FuzzChecks.outcome(Gateway.authenticate(req, keyed, dir), Seed000Dialect.INSTANCE));
        run.tally(FuzzChecks.outcome(Gateway.authenticate(req, accountOnly, dir), Seed000Dialect.INSTANCE));
      });
    }
    run.finish();
  }
}
