package portcullis.core.scheme.bearer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import java.time.Instant;
import portcullis.core.testing.MovableClock;

/** A key never expires before the tokens it signed: late rotation and a TTL raised across a restart. */
class KeyRingTest {
  final MovableClock clock = new MovableClock(Instant.parse("2026-11-22T10:00:00Z"));
  static final Duration ROTATION = Duration.ofHours(1);

  /** A ring holding one key, the verifier over it, the clock {@code ttl} past the key's retirement. */
  record Signing(KeyRing ring, StoredKey key, BearerVerifier verifier) {}

  Signing retiredKey(BearerAlgorithm algorithm, Duration ttl) {
    KeyRing ring = new KeyRing(algorithm, ROTATION, ttl, clock);
    StoredKey k = ring.generate();
    ring.add(k);
    clock.set(k.retireAt().plus(ttl));
    return new Signing(ring, k, new BearerVerifier(ring, "portcullis"));
  }

  @Test
  void signer_rotationLate_keyOutlivesTokensItSigns() {
    Duration ttl = Duration.ofSeconds(600);
    Signing s = retiredKey(BearerAlgorithm.ES256, ttl); // retired, no new key (store down), still valid for MARGIN
    assertThat(s.ring().rotationDue()).isTrue();
    String token = s.verifier().issue("acct", "key1", Set.of(), clock.instant(), ttl).compact();
    assertThat(s.verifier().verify(token).value().kid()).isEqualTo(s.key().kid());
    clock.advanceSeconds(ttl.toSeconds() - 1); // the token's last second
    assertThat(s.verifier().verify(token).value()).isNotNull();
    assertThat(s.ring().publishedKids()).contains(s.key().kid());
    clock.advanceSeconds(1 + KeyRing.MARGIN.toSeconds() * 2);
    assertThat(s.ring().publishedKids()).doesNotContain(s.key().kid());
  }

  @Test
  void signer_rotationLate_reloadKeepsExtension() {
    Duration ttl = Duration.ofSeconds(600);
    Signing s = retiredKey(BearerAlgorithm.EdDSA, ttl);
    String token = s.verifier().issue("acct", "key1", Set.of(), clock.instant(), ttl).compact();
    // the store came back with the key's original expiry: the extension is kept and handed back to persist
    assertThat(s.ring().load(List.of(s.key()))).extracting(StoredKey::kid).containsExactly(s.key().kid());
    clock.advanceSeconds(ttl.toSeconds() - 1);
    assertThat(s.verifier().verify(token).value()).isNotNull();
  }

  @Test
  void load_ttlRaised_existingKeyOutlivesItsTokens() {
    KeyRing before = new KeyRing(BearerAlgorithm.ES256, ROTATION, Duration.ofSeconds(600), clock);
    StoredKey k = before.generate(); // expires at retirement + 600 s + margin
    Duration ttl = Duration.ofSeconds(3600);
    KeyRing ring = new KeyRing(BearerAlgorithm.ES256, ROTATION, ttl, clock); // restarted with a longer TTL
    assertThat(ring.load(List.of(k))).extracting(StoredKey::expiresAt)
        .containsExactly(k.retireAt().plus(ttl).plus(KeyRing.MARGIN));
    BearerVerifier v = new BearerVerifier(ring, "portcullis");
    clock.set(k.retireAt().minusSeconds(1));
    String token = v.issue("acct", "key1", Set.of(), clock.instant(), ttl).compact();
    assertThat(v.verify(token).value().kid()).isEqualTo(k.kid());
    clock.advanceSeconds(ttl.toSeconds() - 1);
    assertThat(v.verify(token).value()).isNotNull();
    assertThat(ring.publishedKids()).contains(k.kid());
  }

  @Test
  void load_ttlRaised_keyPastOldExpiryIsStillLoaded() {
    KeyRing before = new KeyRing(BearerAlgorithm.ES256, ROTATION, Duration.ofSeconds(600), clock);
    StoredKey k = before.generate();
    KeyRing ring = new KeyRing(BearerAlgorithm.ES256, ROTATION, Duration.ofSeconds(3600), clock);
    clock.set(k.expiresAt().plusSeconds(10)); // past the stored expiry, before retirement + 3600 s + margin
    ring.load(List.of(k));
    assertThat(ring.publishedKids()).containsExactly(k.kid());
  }
}
