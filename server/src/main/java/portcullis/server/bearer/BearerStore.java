package portcullis.server.bearer;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import portcullis.core.crypto.SecretBox;
import portcullis.core.scheme.bearer.BearerAlgorithm;
import portcullis.core.scheme.bearer.StoredKey;
import portcullis.store.jdbc.Database;
import portcullis.store.jdbc.Sql;

/**
 * The bearer tables (migration V4): signing keys, their private JWKs sealed with the master key,
 * and revoked token ids until their expiry. Every method blocks; call it on a worker thread.
 */
record BearerStore(Database db, SecretBox box) {

  /**
   * Every key that may still verify at {@code now}: not expired, or retired after {@code
   * retiredAfter} (now - current TTL - margin: the TTL may have been raised since its expiry was stored).
   */
  List<StoredKey> keys(Instant now, Instant retiredAfter) {
    return db.inTransaction(c -> {
      List<StoredKey> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT kid, algorithm, private_jwk_enc, created_at, retire_at, expires_at FROM bearer_keys WHERE expires_at > ? OR retire_at > ?")) {
        ps.setObject(1, Sql.ts(now));
        ps.setObject(2, Sql.ts(retiredAfter));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            BearerAlgorithm alg = BearerAlgorithm.parse(rs.getString("algorithm"));
            if (alg == null) {
              continue;
            }
            out.add(new StoredKey(rs.getString("kid"), alg, box.open(rs.getString("private_jwk_enc")),
                Sql.instant(rs, "created_at"), Sql.instant(rs, "retire_at"), Sql.instant(rs, "expires_at")));
          }
        }
      }
      return out;
    });
  }

  void saveKey(StoredKey k) {
    db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO bearer_keys (kid, algorithm, private_jwk_enc, created_at, retire_at, expires_at) VALUES (?,?,?,?,?,?)")) {
        ps.setString(1, k.kid());
        ps.setString(2, k.algorithm().name());
        ps.setString(3, box.seal(k.privateJwk()));
        ps.setObject(4, Sql.ts(k.createdAt()));
        ps.setObject(5, Sql.ts(k.retireAt()));
        ps.setObject(6, Sql.ts(k.expiresAt()));
        ps.executeUpdate();
      }
      return null;
    });
  }

  /** Records a revocation (idempotent). */
  void revoke(String jti, String clientKey, Instant expiresAt, Instant now) {
    db.inTransaction(c -> {
      try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM bearer_revoked WHERE jti = ?")) {
        q.setString(1, jti);
        try (ResultSet rs = q.executeQuery()) {
          if (rs.next()) {
            return null;
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO bearer_revoked (jti, client_key, expires_at, revoked_at) VALUES (?,?,?,?)")) {
        ps.setString(1, jti);
        ps.setString(2, clientKey);
        ps.setObject(3, Sql.ts(expiresAt));
        ps.setObject(4, Sql.ts(now));
        ps.executeUpdate();
      }
      return null;
    });
  }

  /** Every revoked token id not yet expired, with its expiry. */
  Map<String, Instant> revoked(Instant now) {
    return db.inTransaction(c -> {
      Map<String, Instant> out = new HashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT jti, expires_at FROM bearer_revoked WHERE expires_at > ?")) {
        ps.setObject(1, Sql.ts(now));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.put(rs.getString("jti"), Sql.instant(rs, "expires_at"));
          }
        }
      }
      return out;
    });
  }

  /** Raises a key's stored expiry (never lowers it). */
  void extendKey(String kid, Instant expiresAt) {
    db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE bearer_keys SET expires_at = ? WHERE kid = ? AND expires_at < ?")) {
        ps.setObject(1, Sql.ts(expiresAt));
        ps.setString(2, kid);
        ps.setObject(3, Sql.ts(expiresAt));
        ps.executeUpdate();
      }
      return null;
    });
  }

  /** Deletes keys and revocations that can no longer matter (keys: see {@link #keys}). */
  void purge(Instant now, Instant retiredAfter) {
    db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM bearer_revoked WHERE expires_at <= ?")) {
        ps.setObject(1, Sql.ts(now));
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM bearer_keys WHERE expires_at <= ? AND retire_at <= ?")) {
        ps.setObject(1, Sql.ts(now));
        ps.setObject(2, Sql.ts(retiredAfter));
        ps.executeUpdate();
      }
      return null;
    });
  }
}
