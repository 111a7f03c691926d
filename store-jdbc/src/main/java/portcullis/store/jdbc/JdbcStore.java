package portcullis.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import portcullis.core.crypto.SecretBox;
import portcullis.core.store.Account;
import portcullis.core.store.AccountStatus;
import portcullis.core.store.Client;
import portcullis.core.store.ClientStatus;
import portcullis.core.store.NewClient;
import portcullis.core.store.Store;
import static portcullis.store.jdbc.Sql.instant;
import static portcullis.store.jdbc.Sql.ts;

/**
 * The JDBC store: H2 (embedded) or PostgreSQL, pooled by HikariCP, schema by Flyway. Client secrets
 * are sealed with the master key before they reach the database. Thread-safe; every method blocks.
 */
public final class JdbcStore implements Store {
  private final Database db;
  private final SecretBox box;

  /** A store over {@code db}; client secrets are sealed with {@code box}. Closing it closes {@code db}. */
  public JdbcStore(Database db, SecretBox box) {
    this.db = db;
    this.box = box;
  }

  public JdbcStore(JdbcStoreConfig config, SecretBox box) {
    this(new Database(config), box);
  }

  public Database database() {
    return db;
  }

  <T> T inTransaction(Database.Work<T> work) {
    return db.inTransaction(work);
  }

  static String normalizeEmail(String email) {
    return email.trim().toLowerCase(Locale.ROOT);
  }

  // ---- accounts ----

  @Override
  public Account createAccount(String id, String email, String passwordHash) {
    Instant now = Instant.now();
    return inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO accounts (id, email, email_norm, password_hash, status, created_at, updated_at) VALUES (?,?,?,?,?,?,?)")) {
        ps.setString(1, id);
        ps.setString(2, email.trim());
        ps.setString(3, normalizeEmail(email));
        ps.setString(4, passwordHash);
        ps.setString(5, AccountStatus.ACTIVE.wire());
        ps.setObject(6, ts(now));
        ps.setObject(7, ts(now));
        ps.executeUpdate();
      }
      return new Account(id, email.trim(), passwordHash, AccountStatus.ACTIVE, now);
    });
  }

  private static final String ACCOUNT_COLS = "id, email, password_hash, status, created_at";

  private static Account account(ResultSet rs) throws SQLException {
    return new Account(rs.getString("id"), rs.getString("email"), rs.getString("password_hash"),
        AccountStatus.parse(rs.getString("status")), instant(rs, "created_at"));
  }

  private Optional<Account> oneAccount(java.sql.Connection c, String where, String arg) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + ACCOUNT_COLS + " FROM accounts WHERE " + where)) {
      ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(account(rs)) : Optional.empty();
      }
    }
  }

  @Override
  public Optional<Account> accountById(String id) {
    return inTransaction(c -> oneAccount(c, "id = ?", id));
  }

  @Override
  public Optional<Account> accountByEmail(String email) {
    return inTransaction(c -> oneAccount(c, "email_norm = ?", normalizeEmail(email)));
  }

  @Override
  public Optional<Account> updateAccountStatus(String id, AccountStatus status) {
    return updateAccount(id, "status", status.wire());
  }

  @Override
  public Optional<Account> updatePassword(String id, String passwordHash) {
    return updateAccount(id, "password_hash", passwordHash);
  }

  private Optional<Account> updateAccount(String id, String column, String value) {
    return inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE accounts SET " + column + " = ?, updated_at = ? WHERE id = ?")) {
        ps.setString(1, value);
        ps.setObject(2, ts(Instant.now()));
        ps.setString(3, id);
        if (ps.executeUpdate() == 0) {
          return Optional.empty();
        }
      }
      return oneAccount(c, "id = ?", id);
    });
  }

  // ---- clients ----

  private static final String CLIENT_COLS =
      "client_key, owner_account_id, name, scopes, is_public, status, secret_enc, prev_secret_enc, prev_secret_until, created_at,"
      + " rate_limit_requests, rate_limit_window_seconds";

  private Client client(ResultSet rs) throws SQLException {
    String prev = rs.getString("prev_secret_enc");
    return new Client(rs.getString("client_key"), rs.getString("owner_account_id"), rs.getString("name"),
        parseScopes(rs.getString("scopes")), rs.getBoolean("is_public"),
        ClientStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
        box.open(rs.getString("secret_enc")), prev == null ? null : box.open(prev),
        instant(rs, "prev_secret_until"), instant(rs, "created_at"), rateLimit(rs));
  }

  private static portcullis.core.store.RateLimit rateLimit(ResultSet rs) throws SQLException {
    int requests = rs.getInt("rate_limit_requests");
    boolean none = rs.wasNull();
    int window = rs.getInt("rate_limit_window_seconds");
    return none || rs.wasNull() ? null : portcullis.core.store.RateLimit.of(requests, window);
  }

  static Set<String> parseScopes(String s) {
    if (s == null || s.isBlank()) {
      return Set.of();
    }
    return new LinkedHashSet<>(Arrays.asList(s.trim().split("\\s+")));
  }

  private Optional<Client> oneClient(java.sql.Connection c, String key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + CLIENT_COLS + " FROM clients WHERE client_key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(client(rs)) : Optional.empty();
      }
    }
  }

  @Override
  public Client createClient(NewClient n) {
    Instant now = Instant.now();
    return inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO clients (client_key, owner_account_id, name, scopes,"
          + " is_public, status, secret_enc, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)")) {
        ps.setString(1, n.clientKey());
        ps.setString(2, n.ownerAccountId());
        ps.setString(3, n.name());
        ps.setString(4, String.join(" ", n.scopes()));
        ps.setBoolean(5, n.isPublic());
        ps.setString(6, "active");
        ps.setString(7, box.seal(n.secret()));
        ps.setObject(8, ts(now));
        ps.setObject(9, ts(now));
        ps.executeUpdate();
      }
      return oneClient(c, n.clientKey()).orElseThrow();
    });
  }

  @Override
  public Optional<Client> client(String clientKey) {
    return inTransaction(c -> oneClient(c, clientKey));
  }

  @Override
  public List<Client> clientsOf(String ownerAccountId) {
    return inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT " + CLIENT_COLS + " FROM clients WHERE owner_account_id = ? ORDER BY created_at, client_key")) {
        ps.setString(1, ownerAccountId);
        List<Client> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(client(rs));
          }
        }
        return out;
      }
    });
  }

  @Override
  public Optional<Client> rotateSecret(String clientKey, String newSecret, Instant oldValidUntil) {
    return inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE clients SET prev_secret_enc = secret_enc,"
          + " prev_secret_until = ?, secret_enc = ?, updated_at = ? WHERE client_key = ? AND status = 'active'")) {
        ps.setObject(1, ts(oldValidUntil));
        ps.setString(2, box.seal(newSecret));
        ps.setObject(3, ts(Instant.now()));
        ps.setString(4, clientKey);
        if (ps.executeUpdate() == 0) {
          return Optional.empty();
        }
      }
      return oneClient(c, clientKey);
    });
  }

  @Override
  public Optional<Client> setRateLimit(String clientKey, portcullis.core.store.RateLimit limit) {
    return inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE clients SET rate_limit_requests = ?, rate_limit_window_seconds = ?, updated_at = ? WHERE client_key = ?")) {
        if (limit == null) {
          ps.setNull(1, java.sql.Types.INTEGER);
          ps.setNull(2, java.sql.Types.INTEGER);
        } else {
          ps.setInt(1, limit.requests());
          ps.setInt(2, (int) limit.window().toSeconds());
        }
        ps.setObject(3, ts(Instant.now()));
        ps.setString(4, clientKey);
        if (ps.executeUpdate() == 0) {
          return Optional.empty();
        }
      }
      return oneClient(c, clientKey);
    });
  }

  @Override
  public Optional<Client> revokeClient(String clientKey) {
    return inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE clients SET status = 'revoked', updated_at = ? WHERE client_key = ?")) {
        ps.setObject(1, ts(Instant.now()));
        ps.setString(2, clientKey);
        if (ps.executeUpdate() == 0) {
          return Optional.empty();
        }
      }
      return oneClient(c, clientKey);
    });
  }

  @Override
  public void ping() {
    inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT 1"); ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    });
  }

  @Override
  public void close() {
    db.close();
  }
}
