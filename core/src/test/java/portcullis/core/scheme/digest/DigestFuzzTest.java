package portcullis.core.scheme.digest;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import portcullis.core.Directory;
import portcullis.core.Gateway;
import portcullis.core.RoutePolicy;
import portcullis.core.dialect.Seed000Dialect;
import portcullis.core.store.Account;
import portcullis.core.store.AccountStatus;
import portcullis.core.store.ClientStatus;
import portcullis.core.testing.FuzzChecks;
import portcullis.core.testing.FuzzRun;
import portcullis.core.testing.MemoryDirectory;
import portcullis.core.testing.Mutator;
import portcullis.core.testing.TestRequest;

/**
 * Mutated Digest answers, made from well-formed ones (MD5, SHA-256, -sess, userhash, username*,
 * with and without qop) on a live nonce, never throw: an identity or a 4xx in seed 000's dialect.
 */
class DigestFuzzTest {
  static final String REALM = "Portcullis";
  static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  final MemoryDirectory dir = new MemoryDirectory();
  final Account alice = dir.account("2f1c0a4e-0000-4000-8000-000000000001", "alice@example.com", "open sesame", AccountStatus.ACTIVE);
  final Map<String, StoredHa1> rows = new java.util.HashMap<>();
  final DigestSecrets secrets = new DigestSecrets() {
    @Override
    public Optional<StoredHa1> ha1(String accountId, DigestAlgorithm base, Directory lookups) {
      return Optional.ofNullable(rows.get(accountId + "/" + base.wire()));
    }

    @Override
    public Optional<String> accountIdByUserhash(DigestAlgorithm base, String userhash, Directory lookups) {
      return rows.values().stream().filter(r -> r.algorithm() == base && r.userhash().equals(userhash))
          .map(StoredHa1::accountId).findFirst();
    }
  };
  final DigestScheme scheme = new DigestScheme(DigestOptions.defaults(), secrets, "n".repeat(32).getBytes(), InstantSource.fixed(NOW));
  final RoutePolicy route = new RoutePolicy("r", List.of(scheme), RoutePolicy.ClientKeyMode.REQUIRED, Set.of(),
      Seed000Dialect.INSTANCE, REALM, Map.of());

  DigestFuzzTest() {
    for (DigestAlgorithm a : DigestAlgorithm.values()) {
      if (!a.session()) {
        rows.put(alice.id() + "/" + a.wire(), StoredHa1.compute(alice, "open sesame", REALM, a));
      }
    }
    dir.client("ck_1", "s", alice, Set.of("read"), ClientStatus.ACTIVE);
  }

  List<String> nonces() {
    List<String> out = new ArrayList<>();
    for (String ch : scheme.challenges(route)) {
      int i = ch.indexOf("nonce=\"") + 7;
      out.add(ch.substring(i, ch.indexOf('"', i)));
    }
    return out;
  }

  List<String> validHeaders() {
    List<String> out = new ArrayList<>();
    String nonce = nonces().get(0);
    for (DigestAlgorithm alg : DigestAlgorithm.values()) {
      String ha1 = alg.ha1("alice@example.com", REALM, "open sesame");
      String response = alg.response(ha1, nonce, "00000001", "c0ffee", "auth", "GET", "/v2/whoami?a=1");
      out.add("Digest username=\"alice@example.com\", realm=\"" + REALM + "\", nonce=\"" + nonce + "\", uri=\"/v2/whoami?a=1\", "
          + "algorithm=" + alg.wire() + ", qop=auth, nc=00000001, cnonce=\"c0ffee\", response=\"" + response + "\", opaque=\"x\"");
    }
    out.add("Digest username*=UTF-8''alice%40example.com, realm=\"" + REALM + "\", nonce=\"" + nonce
        + "\", uri=/v2/whoami?a=1, response=\"0123456789abcdef0123456789abcdef\"");
    out.add("Digest username=\"" + "a".repeat(64) + "\", userhash=true, realm=\"" + REALM + "\", nonce=\"" + nonce
        + "\", uri=\"/v2/whoami?a=1\", algorithm=SHA-256, qop=auth, nc=1, cnonce=\"c\", response=\"" + "0".repeat(64) + "\"");
    return out;
  }

  @Test
  void mutatedAnswers_identityOr4xxInSeed000() {
    FuzzRun run = FuzzRun.of("digest-parser", 20_000);
    Mutator m = new Mutator(run.random(), validHeaders(), "username=", "username*=", "realm=", "nonce=", "uri=", "response=",
        "algorithm=", "qop=", "nc=", "cnonce=", "opaque=", "userhash=", "auth-int", "MD5-sess", "SHA-512-256", "UTF-8''", "\"");
    for (int i = 0; i < run.iterations(); i++) {
      String auth = m.next();
      run.check(auth, () -> {
        if (DigestParser.isDigest(auth)) {
          FuzzChecks.result(DigestParser.parse(auth), Seed000Dialect.INSTANCE);
        }
        TestRequest req = new TestRequest("GET", "/v2/whoami?a=1").header("Authorization", auth).header("X-Client-Key", "ck_1");
        run.tally(FuzzChecks.outcome(Gateway.authenticate(req, route, dir), Seed000Dialect.INSTANCE));
      });
    }
    run.finish();
  }
}
