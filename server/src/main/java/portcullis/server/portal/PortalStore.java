package portcullis.server.portal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import portcullis.core.crypto.SecretBox;
import portcullis.store.jdbc.Database;
import portcullis.store.jdbc.Sql;

/**
 * The portal's own tables (migration V8): what an app registered here adds to its client (a
 * description, OAuth callback URLs), sign-ups waiting for their email to be confirmed, and
 * password-reset links. Tokens are kept by SHA-256 only. Every method blocks (JDBC): worker only.
 */
record PortalStore(Database db, SecretBox box) {

  /** What the portal keeps about an app beside its client row. */
  record AppDetails(String description, List<String> callbacks) {
    static final AppDetails NONE = new AppDetails("", List.of());
  }

  /** A sign-up waiting for its confirmation: the address and the password it was made with. */
  record PendingSignup(String email, String password) {}

  void putApp(String clientKey, AppDetails d) {
    update("INSERT INTO portal_clients (client_key, description, callback_urls) VALUES (?, ?, ?)", clientKey, d.description(),
        String.join("\n", d.callbacks()));
  }

  Optional<AppDetails> app(String clientKey) {
    return db.inTransaction((Connection c) -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT description, callback_urls FROM portal_clients WHERE client_key = ?")) {
        ps.setString(1, clientKey);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          String cb = rs.getString(2);
          return Optional.of(new AppDetails(rs.getString(1), cb.isEmpty() ? List.of() : Arrays.asList(cb.split("\n"))));
        }
      }
    });
  }

  void putSignup(String tokenHash, String email, String password, Instant expiresAt) {
    update("INSERT INTO portal_signups (token_hash, email, sealed_password, expires_at) VALUES (?, ?, ?, ?)", tokenHash, email,
        box.seal(password), expiresAt);
  }

  /** Takes (reads and deletes) the sign-up waiting under {@code tokenHash}, if it has not expired. */
  Optional<PendingSignup> takeSignup(String tokenHash, Instant now) {
    return db.inTransaction((Connection c) -> {
      PendingSignup found = null;
      try (PreparedStatement ps = c.prepareStatement("SELECT email, sealed_password, expires_at FROM portal_signups WHERE token_hash = ?")) {
        ps.setString(1, tokenHash);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next() && now.isBefore(Sql.instant(rs, "expires_at"))) {
            found = new PendingSignup(rs.getString(1), box.open(rs.getString(2)));
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM portal_signups WHERE token_hash = ?")) {
        ps.setString(1, tokenHash);
        if (ps.executeUpdate() == 0) {
          return Optional.<PendingSignup>empty(); // taken by a concurrent request
        }
      }
      return Optional.ofNullable(found);
    });
  }

  void putReset(String tokenHash, String accountId, Instant expiresAt) {
    update("INSERT INTO portal_resets (token_hash, account_id, expires_at) VALUES (?, ?, ?)", tokenHash, accountId, expiresAt);
  }

  /** The account a reset link is for, if it exists and has not expired (the link stays usable until {@link #endResets}). */
  Optional<String> resetAccount(String tokenHash, Instant now) {
    return db.inTransaction((Connection c) -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT account_id, expires_at FROM portal_resets WHERE token_hash = ?")) {
        ps.setString(1, tokenHash);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() && now.isBefore(Sql.instant(rs, "expires_at")) ? Optional.of(rs.getString(1)) : Optional.<String>empty();
        }
      }
    });
  }

  /** Deletes every reset link of the account (its password was just set); returns how many. */
  int endResets(String accountId) {
    return update("DELETE FROM portal_resets WHERE account_id = ?", accountId);
  }

  int purgeExpired(Instant now) {
    return update("DELETE FROM portal_signups WHERE expires_at < ?", now) + update("DELETE FROM portal_resets WHERE expires_at < ?", now);
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
