package portcullis.core.scheme.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import portcullis.core.Outcome;
import portcullis.core.RoutePolicy;
import portcullis.core.dialect.Seed000Dialect;
import portcullis.core.store.Account;
import portcullis.core.store.AccountStatus;
import portcullis.core.testing.MemoryDirectory;
import portcullis.core.testing.TestRequest;

/** The Digest scheme against an in-memory directory and a secret source that records every lookup. */
class DigestSchemeTest {
  static final String REALM = "realm";
  final MemoryDirectory dir = new MemoryDirectory();
  final Account alice = dir.account("2f1c0a4e-0000-4000-8000-000000000001", "alice@example.com", "pw", AccountStatus.ACTIVE);

  /** HA1 values in a map; remembers which account ids were looked up, in order. */
  static final class CountingSecrets implements DigestSecrets {
    final Map<String, StoredHa1> rows = new ConcurrentHashMap<>();
    final List<String> ha1Lookups = new CopyOnWriteArrayList<>();
    final List<String> userhashLookups = new CopyOnWriteArrayList<>();

    @Override
    public Optional<StoredHa1> ha1(String accountId, DigestAlgorithm base, portcullis.core.Directory lookups) {
      ha1Lookups.add(accountId);
      return Optional.ofNullable(rows.get(accountId + "/" + base.wire()));
    }

    @Override
    public Optional<String> accountIdByUserhash(DigestAlgorithm base, String userhash, portcullis.core.Directory lookups) {
      userhashLookups.add(userhash);
      return rows.values().stream().filter(r -> r.algorithm() == base && r.userhash().equals(userhash))
          .map(StoredHa1::accountId).findFirst();
    }
  }

  final CountingSecrets secrets = new CountingSecrets();
  final DigestScheme scheme = new DigestScheme(DigestOptions.defaults(), secrets, "n".repeat(32).getBytes(),
      InstantSource.fixed(Instant.parse("2026-11-22T10:00:00Z")));
  final RoutePolicy route = new RoutePolicy("r", List.of(scheme), RoutePolicy.ClientKeyMode.NONE, Set.of(),
      Seed000Dialect.INSTANCE, REALM, Map.of());

  {
    StoredHa1 row = StoredHa1.compute(alice, "pw", REALM, DigestAlgorithm.SHA_256);
    secrets.rows.put(alice.id() + "/SHA-256", row);
  }

  String nonce() {
    String ch = scheme.challenges(route).get(0);
    int i = ch.indexOf("nonce=\"") + 7;
    return ch.substring(i, ch.indexOf('"', i));
  }

  Outcome auth(String username, boolean userhash, String password) {
    String nonce = nonce();
    DigestAlgorithm alg = DigestAlgorithm.SHA_256;
    String ha1 = alg.ha1(userhash ? "alice@example.com" : username, REALM, password);
    String response = alg.response(ha1, nonce, "00000001", "c0ffee", "auth", "GET", "/x");
    String header = "Digest username=\"" + username + "\", realm=\"" + REALM + "\", nonce=\"" + nonce + "\", uri=\"/x\", "
        + "algorithm=SHA-256, qop=auth, nc=00000001, cnonce=\"c0ffee\", response=\"" + response + "\""
        + (userhash ? ", userhash=true" : "");
    return scheme.authenticate(TestRequest.of("GET", "/x", "", new byte[0], "Authorization", header), route, dir);
  }

  static int status(Outcome o) {
    return o instanceof Outcome.Rejected r ? r.failure().status() : 200;
  }

  @Test
  void authenticate_knownUserRightPassword_ok() {
    assertThat(status(auth("alice@example.com", false, "pw"))).isEqualTo(200);
    assertThat(secrets.ha1Lookups).containsExactly(alice.id());
  }

  @Test
  void authenticate_knownUserWrongPassword_oneLookup() {
    assertThat(status(auth("alice@example.com", false, "wrong"))).isEqualTo(401);
    assertThat(secrets.ha1Lookups).containsExactly(alice.id());
  }

  @Test
  void authenticate_unknownUser_stillLooksUpAnHa1() {
    assertThat(status(auth("nobody@example.com", false, "pw"))).isEqualTo(401);
    assertThat(secrets.ha1Lookups).hasSize(1);
    String id = secrets.ha1Lookups.get(0);
    assertThat(id).startsWith(DigestScheme.UNKNOWN_PREFIX).isNotEqualTo(alice.id());
    assertThat(auth("NOBODY@example.com", false, "pw")).isInstanceOf(Outcome.Rejected.class);
    assertThat(secrets.ha1Lookups).as("stable per name, so it is cached like a real account").containsExactly(id, id);
    auth("someone.else@example.com", false, "pw");
    assertThat(secrets.ha1Lookups.get(2)).isNotEqualTo(id);
  }

  @Test
  void authenticate_unknownUserhash_stillLooksUpAnHa1() {
    String known = DigestAlgorithm.SHA_256.userhash("alice@example.com", REALM);
    assertThat(status(auth(known, true, "pw"))).isEqualTo(200);
    String unknown = DigestAlgorithm.SHA_256.userhash("nobody@example.com", REALM);
    assertThat(status(auth(unknown, true, "pw"))).isEqualTo(401);
    assertThat(secrets.userhashLookups).containsExactly(known, unknown);
    assertThat(secrets.ha1Lookups).hasSize(2);
    assertThat(secrets.ha1Lookups.get(1)).startsWith(DigestScheme.UNKNOWN_PREFIX);
  }

  @Test
  void authenticate_unknownAndWrongPassword_sameAnswer() {
    var unknown = (Outcome.Rejected) auth("nobody@example.com", false, "pw");
    var wrong = (Outcome.Rejected) auth("alice@example.com", false, "wrong");
    assertThat(new String(unknown.failure().body("ref"))).isEqualTo(new String(wrong.failure().body("ref")));
    assertThat(unknown.failure().headers()).isEqualTo(wrong.failure().headers());
  }
}
