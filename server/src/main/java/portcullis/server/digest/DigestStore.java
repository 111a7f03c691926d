package portcullis.server.digest;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import portcullis.core.crypto.SecretBox;
import portcullis.core.scheme.digest.DigestAlgorithm;
import portcullis.core.scheme.digest.StoredHa1;
import portcullis.store.jdbc.Database;
import portcullis.store.jdbc.Sql;

/** The {@code digest_ha1} table (migration V2): HA1 values sealed at rest. Blocking; thread-safe. */
record DigestStore(Database db, SecretBox box) {

  /** Replaces every stored HA1 of the account with {@code rows} (all of one account). */
  void replace(String accountId, List<StoredHa1> rows) {
    Instant now = Instant.now();
    db.inTransaction(c -> {
      try (PreparedStatement del = c.prepareStatement("DELETE FROM digest_ha1 WHERE account_id = ?")) {
        del.setString(1, accountId);
        del.executeUpdate();
      }
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO digest_ha1 (account_id, algorithm, realm, userhash,"
          + " ha1_enc, password_ref, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        for (StoredHa1 r : rows) {
          ins.setString(1, r.accountId());
          ins.setString(2, r.algorithm().wire());
          ins.setString(3, r.realm());
          ins.setString(4, r.userhash());
          ins.setString(5, box.seal(r.ha1()));
          ins.setString(6, r.passwordRef());
          ins.setObject(7, Sql.ts(now));
          ins.addBatch();
        }
        ins.executeBatch();
      }
      return null;
    });
  }

  Optional<StoredHa1> ha1(String accountId, DigestAlgorithm base) {
    return db.inTransaction(c -> {
      try (PreparedStatement q = c.prepareStatement("SELECT account_id, algorithm, realm, userhash, ha1_enc, password_ref"
          + " FROM digest_ha1 WHERE account_id = ? AND algorithm = ?")) {
        q.setString(1, accountId);
        q.setString(2, base.wire());
        try (ResultSet rs = q.executeQuery()) {
          return rs.next() ? Optional.of(row(rs)) : Optional.<StoredHa1>empty();
        }
      }
    });
  }

  Optional<String> accountIdByUserhash(DigestAlgorithm base, String userhash) {
    return db.inTransaction(c -> {
      try (PreparedStatement q = c.prepareStatement("SELECT account_id FROM digest_ha1 WHERE algorithm = ? AND userhash = ?")) {
        q.setString(1, base.wire());
        q.setString(2, userhash);
        try (ResultSet rs = q.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
        }
      }
    });
  }

  /** Deletes every stored HA1 (Digest switched off); returns how many rows went. */
  int purge() {
    return db.inTransaction(c -> {
      try (PreparedStatement del = c.prepareStatement("DELETE FROM digest_ha1")) {
        return del.executeUpdate();
      }
    });
  }

  private StoredHa1 row(ResultSet rs) throws SQLException {
    return new StoredHa1(rs.getString("account_id"), DigestAlgorithm.byWire(rs.getString("algorithm")), rs.getString("realm"),
        rs.getString("userhash"), box.open(rs.getString("ha1_enc")), rs.getString("password_ref"));
  }
}
