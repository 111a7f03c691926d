package portcullis.server.oauth1;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import portcullis.core.crypto.SecretBox;
import portcullis.core.scheme.oauth1.OAuth1Token;
import portcullis.store.jdbc.Database;
import portcullis.store.jdbc.Sql;

/**
 * The OAuth 1.0a tables (migration V3): tokens keyed by the SHA-256 of their value with sealed
 * secrets, and clients' RSA public keys. Every method blocks (JDBC): call it on the worker pool.
 */
record OAuth1Store(Database db, SecretBox box) {

  /** One "authorized application" of an account: the client and the union of its tokens' scopes. */
  record Authorization(String clientKey, Set<String> scopes, Instant since) {}

  void insert(OAuth1Token t) {
    db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO oauth1_tokens (token_hash, kind, client_key, account_id,"
          + " secret_enc, scopes, callback, state, verifier_hash, created_at, expires_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
        ps.setString(1, t.hash());
        ps.setString(2, t.kind().name().toLowerCase());
        ps.setString(3, t.clientKey());
        ps.setString(4, t.accountId());
        ps.setString(5, box.seal(t.secret()));
        ps.setString(6, String.join(" ", new TreeSet<>(t.scopes())));
        ps.setString(7, t.callback());
        ps.setString(8, t.state().name().toLowerCase());
        ps.setString(9, t.verifierHash());
        ps.setObject(10, Sql.ts(t.createdAt()));
        ps.setObject(11, Sql.ts(t.expiresAt()));
        ps.executeUpdate();
      }
      return null;
    });
  }

  Optional<OAuth1Token> find(String hash) {
    return db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM oauth1_tokens WHERE token_hash = ?")) {
        ps.setString(1, hash);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(token(rs)) : Optional.empty();
        }
      }
    });
  }

  private OAuth1Token token(ResultSet rs) throws SQLException {
    String scopes = rs.getString("scopes");
    return new OAuth1Token(rs.getString("token_hash"), OAuth1Token.Kind.valueOf(rs.getString("kind").toUpperCase()),
        rs.getString("client_key"), rs.getString("account_id"), box.open(rs.getString("secret_enc")),
        scopes.isEmpty() ? Set.of() : Set.of(scopes.split(" ")), rs.getString("callback"),
        OAuth1Token.State.valueOf(rs.getString("state").toUpperCase()), rs.getString("verifier_hash"),
        Sql.instant(rs, "created_at"), Sql.instant(rs, "expires_at"));
  }

  /** Pending → authorized by the account; false when the token is no longer pending or has expired. */
  boolean authorize(String hash, String accountId, String verifierHash, Instant now) {
    return update("UPDATE oauth1_tokens SET state = 'authorized', account_id = ?, verifier_hash = ? WHERE token_hash = ?"
        + " AND kind = 'request' AND state = 'pending' AND expires_at > ?", accountId, verifierHash, hash, now) == 1;
  }

  boolean deny(String hash) {
    return update("UPDATE oauth1_tokens SET state = 'denied' WHERE token_hash = ? AND kind = 'request' AND state = 'pending'", hash) == 1;
  }

  /** Deletes a request token; true when this call deleted it (single use). */
  boolean consume(String hash) {
    return update("DELETE FROM oauth1_tokens WHERE token_hash = ? AND kind = 'request'", hash) == 1;
  }

  /** Consumes the authorized request token and stores the access token in one transaction; false if already used. */
  boolean exchange(String requestHash, OAuth1Token access) {
    return db.inTransaction(c -> {
      int n;
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM oauth1_tokens WHERE token_hash = ? AND kind = 'request' AND state = 'authorized'")) {
        ps.setString(1, requestHash);
        n = ps.executeUpdate();
      }
      if (n != 1) {
        return false;
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO oauth1_tokens (token_hash, kind, client_key, account_id,"
          + " secret_enc, scopes, callback, state, verifier_hash, created_at, expires_at) VALUES (?,?,?,?,?,?,NULL,'active',NULL,?,NULL)")) {
        ps.setString(1, access.hash());
        ps.setString(2, "access");
        ps.setString(3, access.clientKey());
        ps.setString(4, access.accountId());
        ps.setString(5, box.seal(access.secret()));
        ps.setString(6, String.join(" ", new TreeSet<>(access.scopes())));
        ps.setObject(7, Sql.ts(access.createdAt()));
        ps.executeUpdate();
      }
      return true;
    });
  }

  /** Deletes every token the account authorized for the client; returns their hashes (to drop from caches). */
  List<String> revoke(String accountId, String clientKey) {
    return db.inTransaction(c -> {
      List<String> hashes = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT token_hash FROM oauth1_tokens WHERE account_id = ? AND client_key = ?")) {
        ps.setString(1, accountId);
        ps.setString(2, clientKey);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            hashes.add(rs.getString(1));
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM oauth1_tokens WHERE account_id = ? AND client_key = ?")) {
        ps.setString(1, accountId);
        ps.setString(2, clientKey);
        ps.executeUpdate();
      }
      return hashes;
    });
  }

  /**
   * The live authorizations of the account, oldest first: the active clients holding its access
   * tokens (a revoked client's tokens no longer work, so it is not listed).
   */
  List<Authorization> authorizations(String accountId) {
    return db.inTransaction(c -> {
      java.util.Map<String, Authorization> out = new java.util.LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT t.client_key, t.scopes, t.created_at FROM oauth1_tokens t"
          + " JOIN clients c ON c.client_key = t.client_key AND c.status = 'active'"
          + " WHERE t.account_id = ? AND t.kind = 'access' ORDER BY t.created_at")) {
        ps.setString(1, accountId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String key = rs.getString(1);
            Set<String> scopes = new TreeSet<>(Arrays.asList(rs.getString(2).split(" ")));
            scopes.remove("");
            Authorization prior = out.get(key);
            if (prior != null) {
              scopes.addAll(prior.scopes());
            }
            out.put(key, new Authorization(key, scopes, prior == null ? Sql.instant(rs, "created_at") : prior.since()));
          }
        }
      }
      return List.copyOf(out.values());
    });
  }

  /** Deletes request tokens that expired before {@code cutoff}. */
  int purgeExpired(Instant cutoff) {
    return update("DELETE FROM oauth1_tokens WHERE kind = 'request' AND expires_at < ?", cutoff);
  }

  void putRsaKey(String clientKey, String pem, Instant now) {
    db.inTransaction(c -> {
      try (PreparedStatement del = c.prepareStatement("DELETE FROM oauth1_rsa_keys WHERE client_key = ?")) {
        del.setString(1, clientKey);
        del.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO oauth1_rsa_keys (client_key, public_key_pem, created_at) VALUES (?,?,?)")) {
        ps.setString(1, clientKey);
        ps.setString(2, pem);
        ps.setObject(3, Sql.ts(now));
        ps.executeUpdate();
      }
      return null;
    });
  }

  boolean deleteRsaKey(String clientKey) {
    return update("DELETE FROM oauth1_rsa_keys WHERE client_key = ?", clientKey) == 1;
  }

  Optional<String> rsaKey(String clientKey) {
    return db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT public_key_pem FROM oauth1_rsa_keys WHERE client_key = ?")) {
        ps.setString(1, clientKey);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
      }
    });
  }

  /** Records a signed-out page session (by SHA-256 of its id) until {@code until}; again is a no-op. */
  void endSession(String sessionHash, Instant until) {
    try {
      update("INSERT INTO oauth1_ended_sessions (session_hash, ends_at) VALUES (?, ?)", sessionHash, until);
    } catch (portcullis.core.store.Store.DuplicateException e) {
      // signed out already
    }
  }

  /** Whether the page session (by SHA-256 of its id) was signed out. */
  boolean sessionEnded(String sessionHash) {
    return db.inTransaction((Connection c) -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM oauth1_ended_sessions WHERE session_hash = ?")) {
        ps.setString(1, sessionHash);
        try (java.sql.ResultSet rs = ps.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  /** Forgets signed-out sessions whose lifetime is over (their cookies are refused anyway). */
  int purgeEndedSessions(Instant now) {
    return update("DELETE FROM oauth1_ended_sessions WHERE ends_at < ?", now);
  }

  private int update(String sql, Object... args) {
    return db.inTransaction((Connection c) -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < args.length; i++) {
          ps.setObject(i + 1, args[i] instanceof Instant t ? Sql.ts(t) : args[i]);
        }
        return ps.executeUpdate();
      }
    });
  }
}
