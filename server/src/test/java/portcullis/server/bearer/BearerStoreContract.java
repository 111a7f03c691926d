package portcullis.server.bearer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import portcullis.core.scheme.bearer.BearerAlgorithm;
import portcullis.core.scheme.bearer.StoredKey;
import portcullis.server.testing.DatabaseContract;
import portcullis.server.testing.TestDatabase;

/**
 * What {@link BearerStore} must do on every backend (H2 and PostgreSQL): signing keys (save,
 * the keys that may still verify, extend, purge) and revocations (revoke, revoked, purge).
 */
abstract class BearerStoreContract extends DatabaseContract<BearerStore> {
  static final String JWK = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"d\":\"private part\"}";

  BearerStoreContract(TestDatabase db) {
    super(db, d -> new BearerStore(d.database(), d.box()));
  }

  static String id() {
    return UUID.randomUUID().toString();
  }

  static StoredKey key(Instant created, Instant retire, Instant expires) {
    return new StoredKey(id(), BearerAlgorithm.ES256, JWK, created, retire, expires);
  }

  List<String> kids(Instant now, Instant retiredAfter) {
    return store().keys(now, retiredAfter).stream().map(StoredKey::kid).toList();
  }

  @Test
  void saveKey_thenKeys_roundTripsEveryField_andUnsealsTheJwk() {
    Instant now = TestDatabase.now();
    StoredKey k = key(now, now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(1).plusHours(1)));
    store().saveKey(k);
    assertThat(store().keys(now, now.minus(Duration.ofHours(1)))).contains(k);
    String atRest = atRest("SELECT private_jwk_enc FROM bearer_keys WHERE kid = ?", k.kid());
    assertThat(atRest).doesNotContain("private part");
  }

  @Test
  void keys_unexpiredOrRetiredAfterTheCutoff() {
    Instant now = TestDatabase.now();
    StoredKey live = key(now.minus(Duration.ofDays(2)), now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(2)));
    StoredKey expiredButRecentlyRetired = key(now.minus(Duration.ofDays(2)), now.minus(Duration.ofMinutes(30)), now.minusSeconds(1));
    StoredKey gone = key(now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));
    store().saveKey(live);
    store().saveKey(expiredButRecentlyRetired);
    store().saveKey(gone);
    assertThat(kids(now, now.minus(Duration.ofHours(1)))).contains(live.kid(), expiredButRecentlyRetired.kid()).doesNotContain(gone.kid());
    assertThat(kids(now, now.minusSeconds(60))).contains(live.kid()).doesNotContain(expiredButRecentlyRetired.kid(), gone.kid());
    assertThat(kids(now, now.minus(Duration.ofDays(3)))).contains(live.kid(), expiredButRecentlyRetired.kid(), gone.kid());
  }

  @Test
  void extendKey_raisesTheExpiry_neverLowersIt() {
    Instant now = TestDatabase.now();
    StoredKey k = key(now, now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(2)));
    store().saveKey(k);
    store().extendKey(k.kid(), now.plus(Duration.ofHours(5)));
    assertThat(expiry(now, k.kid())).isEqualTo(now.plus(Duration.ofHours(5)));
    store().extendKey(k.kid(), now.plus(Duration.ofHours(3)));
    assertThat(expiry(now, k.kid())).isEqualTo(now.plus(Duration.ofHours(5)));
  }

  Instant expiry(Instant now, String kid) {
    return store().keys(now, now).stream().filter(k -> k.kid().equals(kid)).findFirst().orElseThrow().expiresAt();
  }

  @Test
  void revoke_isIdempotent_andRevokedListsItUntilItsExpiry() {
    Instant now = TestDatabase.now();
    String jti = id();
    store().revoke(jti, "client-a", now.plus(Duration.ofMinutes(10)), now);
    store().revoke(jti, "client-a", now.plus(Duration.ofMinutes(20)), now.plusSeconds(5));
    assertThat(store().revoked(now)).containsEntry(jti, now.plus(Duration.ofMinutes(10)));
    assertThat(store().revoked(now.plus(Duration.ofMinutes(10)))).doesNotContainKey(jti);
  }

  @Test
  void purge_deletesWhatCanNoLongerMatter_keepsTheRest() {
    Instant now = TestDatabase.now();
    Instant retiredAfter = now.minus(Duration.ofHours(1));
    StoredKey live = key(now.minus(Duration.ofDays(2)), now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(2)));
    StoredKey recentlyRetired = key(now.minus(Duration.ofDays(2)), now.minus(Duration.ofMinutes(30)), now.minusSeconds(1));
    StoredKey gone = key(now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));
    for (StoredKey k : List.of(live, recentlyRetired, gone)) {
      store().saveKey(k);
    }
    String expired = id();
    String stillRevoked = id();
    store().revoke(expired, "c", now.minusSeconds(1), now.minus(Duration.ofMinutes(10)));
    store().revoke(stillRevoked, "c", now.plus(Duration.ofMinutes(10)), now);
    store().purge(now, retiredAfter);
    assertThat(kids(now.minus(Duration.ofDays(4)), now.minus(Duration.ofDays(4))))
        .contains(live.kid(), recentlyRetired.kid()).doesNotContain(gone.kid());
    assertThat(store().revoked(now.minus(Duration.ofDays(1)))).containsKey(stillRevoked).doesNotContainKey(expired);
  }
}
