package portcullis.server.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import portcullis.core.scheme.digest.DigestAlgorithm;
import portcullis.core.scheme.digest.StoredHa1;
import portcullis.core.store.Account;
import portcullis.server.testing.DatabaseContract;
import portcullis.server.testing.TestDatabase;

/** What {@link DigestStore} must do on every backend (H2 and PostgreSQL): replace, look up, purge. */
abstract class DigestStoreContract extends DatabaseContract<DigestStore> {
  static final String REALM = "Contract Realm";

  DigestStoreContract(TestDatabase db) {
    super(db, d -> new DigestStore(d.database(), d.box()));
  }

  List<StoredHa1> rows(Account a, String password) {
    return List.of(StoredHa1.compute(a, password, REALM, DigestAlgorithm.SHA_256), StoredHa1.compute(a, password, REALM, DigestAlgorithm.MD5));
  }

  @Test
  void replace_thenHa1_roundTripsEveryField() {
    Account a = db().account();
    List<StoredHa1> rows = rows(a, "Circle of Life");
    store().replace(a.id(), rows);
    assertThat(store().ha1(a.id(), DigestAlgorithm.SHA_256)).contains(rows.get(0));
    assertThat(store().ha1(a.id(), DigestAlgorithm.MD5)).contains(rows.get(1));
    assertThat(store().ha1(a.id(), DigestAlgorithm.SHA_512_256)).isEmpty();
    assertThat(store().ha1("no-such-account", DigestAlgorithm.SHA_256)).isEmpty();
  }

  @Test
  void ha1_isSealedAtRest() {
    Account a = db().account();
    StoredHa1 row = rows(a, "sealed password").get(0);
    store().replace(a.id(), List.of(row));
    String atRest = atRest("SELECT ha1_enc FROM digest_ha1 WHERE account_id = ?", a.id());
    assertThat(atRest).isNotEqualTo(row.ha1()).doesNotContain(row.ha1());
    assertThat(db().box().open(atRest)).isEqualTo(row.ha1());
  }

  @Test
  void replace_dropsTheAccountsOldRows_onlyTheirs() {
    Account a = db().account();
    Account other = db().account();
    store().replace(a.id(), rows(a, "old"));
    store().replace(other.id(), rows(other, "other"));
    StoredHa1 fresh = StoredHa1.compute(a, "new", REALM, DigestAlgorithm.SHA_256);
    store().replace(a.id(), List.of(fresh));
    assertThat(store().ha1(a.id(), DigestAlgorithm.SHA_256)).contains(fresh);
    assertThat(store().ha1(a.id(), DigestAlgorithm.MD5)).isEmpty();
    assertThat(store().ha1(other.id(), DigestAlgorithm.MD5)).contains(rows(other, "other").get(1));
    store().replace(a.id(), List.of());
    assertThat(store().ha1(a.id(), DigestAlgorithm.SHA_256)).isEmpty();
  }

  @Test
  void accountIdByUserhash_findsTheAccountPerAlgorithm() {
    Account a = db().account();
    List<StoredHa1> rows = rows(a, "pw");
    store().replace(a.id(), rows);
    assertThat(store().accountIdByUserhash(DigestAlgorithm.SHA_256, rows.get(0).userhash())).contains(a.id());
    assertThat(store().accountIdByUserhash(DigestAlgorithm.MD5, rows.get(1).userhash())).contains(a.id());
    assertThat(store().accountIdByUserhash(DigestAlgorithm.MD5, rows.get(0).userhash())).isEmpty();
    assertThat(store().accountIdByUserhash(DigestAlgorithm.SHA_256, "0".repeat(64))).isEmpty();
  }

  @Test
  void purge_deletesEveryRow_andCountsThem() {
    Account a = db().account();
    Account b = db().account();
    store().purge();
    store().replace(a.id(), rows(a, "a"));
    store().replace(b.id(), rows(b, "b").subList(0, 1));
    assertThat(store().purge()).isEqualTo(3);
    assertThat(store().ha1(a.id(), DigestAlgorithm.SHA_256)).isEmpty();
    assertThat(store().ha1(b.id(), DigestAlgorithm.SHA_256)).isEmpty();
    assertThat(store().purge()).isZero();
  }
}
