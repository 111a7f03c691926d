package portcullis.core.scheme.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import portcullis.core.Outcome;
import portcullis.core.RequestView;
import portcullis.core.RoutePolicy;
import portcullis.core.Scheme;
import portcullis.core.testing.Claims;
import portcullis.core.dialect.Seed000Dialect;
import portcullis.core.store.Account;
import portcullis.core.store.AccountStatus;
import portcullis.core.testing.ClockedReplayGuard;
import portcullis.core.testing.EdgeInstants;
import portcullis.core.testing.MemoryDirectory;
import portcullis.core.testing.TestRequest;
import portcullis.core.testing.MovableClock;
import portcullis.core.testing.ReplayWindowProperty;
import portcullis.core.testing.ReplayWindowProperty.Use;

/**
 * Property: a Digest nonce count is remembered for as long as its nonce can be accepted as fresh.
 * Nonces are issued at instants before (up to the nonce lifetime) and after (up to the one-minute
 * skew another node's clock may have) the first use; whenever the scheme without a replay guard
 * would still accept the same answer at a later instant, the count's entry is live and the answer
 * is refused as a replayed nc.
 */
class DigestReplayWindowTest {
  static final Instant BASE = Instant.parse("2026-11-22T10:00:00Z");
  static final String REALM = "realm";

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 300})
  void nonceCount_keptWhileTheNonceIsFresh(long nonceTtlSeconds) {
    Duration nonceTtl = Duration.ofSeconds(nonceTtlSeconds);
    DigestOptions options = new DigestOptions(List.of(DigestAlgorithm.SHA_256), nonceTtl, false);
    MemoryDirectory dir = new MemoryDirectory();
    Account alice = dir.account("2f1c0a4e-0000-4000-8000-000000000001", "alice@example.com", "pw", AccountStatus.ACTIVE);
    DigestSchemeTest.CountingSecrets secrets = new DigestSchemeTest.CountingSecrets();
    secrets.rows.put(alice.id() + "/SHA-256", StoredHa1.compute(alice, "pw", REALM, DigestAlgorithm.SHA_256));
    MovableClock clock = new MovableClock(BASE);
    ClockedReplayGuard guard = new ClockedReplayGuard(clock);
    byte[] key = "n".repeat(32).getBytes();
    Scheme scheme = Claims.committing(new DigestScheme(options, secrets, key, clock), guard);
    DigestScheme probe = new DigestScheme(options, secrets, key, clock);
    var result = new ReplayWindowProperty<RequestView, Outcome>(clock, guard, r -> scheme.authenticate(r, route(scheme), dir),
        o -> o instanceof Outcome.Authenticated, r -> probe.authenticate(r, route(probe), dir) instanceof Outcome.Authenticated)
        .replayRefused(again -> {
          assertThat(again).isInstanceOf(Outcome.Rejected.class);
          assertThat(((Outcome.Rejected) again).failure().detail()).contains("nonce count was used already");
        })
        .ttlAtMost(ttl -> ttl.plusSeconds(DigestNonces.FUTURE_SKEW_SECONDS + 3))
        .firstRefusalsNotProbed() // stale or not yet valid at first use
        .run(new EdgeInstants(nonceTtlSeconds + 11), nonceTtl, "nonce ttl " + nonceTtlSeconds + "s", (start, offset) -> {
          if (offset > DigestNonces.FUTURE_SKEW_SECONDS * 1000 + 1000) {
            return null;
          }
          Instant issued = start.plusMillis(offset);
          clock.set(issued);
          String nonce = nonce(scheme.challenges(route(scheme)).get(0));
          clock.set(start);
          return new Use<>(answer(nonce), Instant.ofEpochSecond(issued.getEpochSecond()).plus(nonceTtl), "issued " + issued);
        });
    assertThat(result.firstUses()).as("nonces fresh at first use").isGreaterThan(30);
    assertThat(result.replays()).as("replays tried while the nonce is still fresh").isGreaterThan(100);
  }

  static RoutePolicy route(Scheme s) {
    return new RoutePolicy("r", List.of(s), RoutePolicy.ClientKeyMode.NONE, Set.of(), Seed000Dialect.INSTANCE, REALM, Map.of());
  }

  static String nonce(String challenge) {
    int i = challenge.indexOf("nonce=\"") + 7;
    return challenge.substring(i, challenge.indexOf('"', i));
  }

  static RequestView answer(String nonce) {
    DigestAlgorithm alg = DigestAlgorithm.SHA_256;
    String response = alg.response(alg.ha1("alice@example.com", REALM, "pw"), nonce, "00000001", "c0ffee", "auth", "GET", "/x");
    String header = "Digest username=\"alice@example.com\", realm=\"" + REALM + "\", nonce=\"" + nonce + "\", uri=\"/x\", "
        + "algorithm=SHA-256, qop=auth, nc=00000001, cnonce=\"c0ffee\", response=\"" + response + "\"";
    return TestRequest.of("GET", "/x", "", new byte[0], "Authorization", header);
  }
}
