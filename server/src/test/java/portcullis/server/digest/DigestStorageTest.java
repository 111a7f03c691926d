package portcullis.server.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import portcullis.core.crypto.SecretBox;
import portcullis.core.scheme.digest.DigestAlgorithm;
import portcullis.core.scheme.digest.StoredHa1;
import portcullis.core.store.Account;
import portcullis.server.Harness;
import portcullis.server.HeldLoad;
import portcullis.store.jdbc.Database;
import portcullis.store.jdbc.JdbcStore;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.RunningGateway;

/** Digest HA1 values in the real store: sealed at rest, and never resurrected in the cache by a load in flight. */
class DigestStorageTest {
  static final String REALM = "Portcullis Demo";
  static Database db;

  @RegisterExtension
  static final RunningGateway h = RunningGateway.demo();

  @BeforeAll
  static void start() {
    db = ((JdbcStore) h.server.store()).database();
  }

  /** Every column of every digest_ha1 row of the account, as text. */
  static List<List<String>> rows(String accountId) {
    return db.inTransaction(c -> {
      try (PreparedStatement q = c.prepareStatement("SELECT * FROM digest_ha1 WHERE account_id = ?")) {
        q.setString(1, accountId);
        List<List<String>> out = new ArrayList<>();
        try (ResultSet rs = q.executeQuery()) {
          int n = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
              row.add(rs.getMetaData().getColumnName(i).toLowerCase(java.util.Locale.ROOT) + "=" + rs.getString(i));
            }
            out.add(row);
          }
        }
        return out;
      }
    });
  }

  @Test
  void createAccount_ha1SealedAtRest_noColumnHoldsTheHex() {
    var a = h.account("at.rest+digest@example.com", "correct horse battery");
    String md5 = DigestAlgorithm.MD5.hex(a.email() + ":" + REALM + ":" + a.password());
    String sha256 = DigestAlgorithm.SHA_256.hex(a.email() + ":" + REALM + ":" + a.password());
    List<List<String>> rows = rows(a.id());
    assertThat(rows).hasSize(2);
    for (List<String> row : rows) {
      for (String col : row) {
        assertThat(col.toLowerCase(java.util.Locale.ROOT)).doesNotContain(md5, sha256, a.password());
      }
      assertThat(row).filteredOn(col -> col.startsWith("ha1_enc=")).singleElement()
          .satisfies(col -> assertThat(col).startsWith("ha1_enc=v1:"));
    }
  }

  @Test
  void replace_duringInFlightLoad_newHa1Wins() throws Exception {
    var ta = h.account();
    Account account = h.server.store().accountById(ta.id()).orElseThrow();
    HeldLoad held = new HeldLoad();
    CachedDigestSecrets secrets = new CachedDigestSecrets(new DigestStore(db, new SecretBox(h.server.settings().masterKey())),
        Duration.ofHours(1), 1000, held);
    secrets.replace(account.id(), List.of(StoredHa1.compute(account, "old password", REALM, DigestAlgorithm.SHA_256)));
    StoredHa1 fresh = StoredHa1.compute(account, "new password", REALM, DigestAlgorithm.SHA_256);
    held.arm();
    AtomicReference<Optional<StoredHa1>> stale = new AtomicReference<>();
    Thread reader = new Thread(() -> stale.set(secrets.ha1(account.id(), DigestAlgorithm.SHA_256, h.server.directory().blocking())));
    reader.start();
    held.awaitRead();
    Thread writer = new Thread(() -> secrets.replace(account.id(), List.of(fresh)));
    writer.start();
    HeldLoad.awaitDoneOrParkedInCache(writer);
    held.release();
    reader.join();
    writer.join();
    assertThat(stale.get()).hasValueSatisfying(v -> assertThat(v.ha1()).isNotEqualTo(fresh.ha1()));
    assertThat(secrets.ha1(account.id(), DigestAlgorithm.SHA_256, h.server.directory().blocking())).hasValueSatisfying(v -> assertThat(v.ha1()).isEqualTo(fresh.ha1()));
  }
}
