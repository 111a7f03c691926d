package portcullis.server.keytoken;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import portcullis.core.Directory;
import portcullis.core.scheme.keytoken.KeyTokenStore;
import portcullis.core.scheme.keytoken.StoredKeyToken;
import portcullis.store.jdbc.Database;
import portcullis.store.jdbc.Sql;
import portcullis.server.StoreCache;
import portcullis.server.cluster.Invalidation;
import portcullis.server.cluster.Invalidations;

/**
 * Key-tokens in the {@code key_tokens} table (migration V5), cached by token hash in a {@link
 * StoreCache}: a lookup through the gateway's non-blocking directory view answers from the cache or
 * throws {@link Directory.WouldBlock}; revocations drop the entries they touched once they
 * committed, here and on every node ({@link Invalidations}), and a row read before a revocation committed is never cached after it. Thread-safe.
 */
final class JdbcKeyTokens implements KeyTokenStore {
  private final Database db;
  private final StoreCache<StoredKeyToken> cache;
  private final Invalidations invalidations;

  JdbcKeyTokens(Database db, Duration ttl, long maximumSize) {
    this(db, ttl, maximumSize, () -> { });
  }

  /**
   * @param afterRead runs after each store read, before the value is cached (tests hold a load in
   *     flight with it)
   */
  JdbcKeyTokens(Database db, Duration ttl, long maximumSize, Runnable afterRead) {
    this(db, ttl, maximumSize, afterRead, Invalidations.local());
  }

  /** Key-tokens whose revocations are announced through {@code invalidations}, cached while it trusts the caches. */
  JdbcKeyTokens(Database db, Duration ttl, long maximumSize, Runnable afterRead, Invalidations invalidations) {
    this.db = db;
    this.invalidations = invalidations;
    this.cache = new StoreCache<>(ttl, maximumSize, afterRead, invalidations::trusted);
    invalidations.subscribe(this::received);
  }

  /** Publishes the cache as {@code keytoken_tokens}. */
  JdbcKeyTokens monitored(portcullis.server.CacheMeters meters) {
    cache.monitored(meters, "keytoken_tokens");
    return this;
  }

  private void received(Invalidation event) {
    switch (event) {
      case Invalidation.KeyTokenRevoked k -> cache.invalidate(k.hash());
      case Invalidation.KeyTokensOfClientRevoked k -> cache.invalidateIf(t -> t.clientKey().equals(k.clientKey()));
      case Invalidation.DropAll d -> cache.invalidateAll();
      default -> { }
    }
  }

  @Override
  public Optional<StoredKeyToken> find(String tokenHash, Directory lookups) {
    return cache.get(tokenHash, lookups, this::load);
  }

  private Optional<StoredKeyToken> load(String tokenHash) {
    Optional<StoredKeyToken> loaded = db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM key_tokens WHERE token_hash = ?")) {
        ps.setString(1, tokenHash);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(row(rs)) : Optional.<StoredKeyToken>empty();
        }
      }
    });
    return loaded;
  }

  /**
   * Stores a new token under its hash. Blocking. Nothing is cached here: the cache is filled only by
   * loads, which invalidations wait for, so a revocation racing this insert cannot be undone.
   */
  void insert(String tokenHash, StoredKeyToken t) {
    db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO key_tokens (token_hash, id, client_key, account_id, kind, "
          + "created_at, expires_at, revoked) VALUES (?, ?, ?, ?, ?, ?, ?, FALSE)")) {
        ps.setString(1, tokenHash);
        ps.setString(2, t.id());
        ps.setString(3, t.clientKey());
        ps.setString(4, t.accountId());
        ps.setString(5, t.kind().wire());
        ps.setObject(6, Sql.ts(t.createdAt()));
        ps.setObject(7, Sql.ts(t.expiresAt()));
        return ps.executeUpdate();
      }
    });
  }

  /** The tokens of a client, newest first (at most 1000). Blocking. */
  List<StoredKeyToken> ofClient(String clientKey) {
    return db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT * FROM key_tokens WHERE client_key = ? ORDER BY created_at DESC FETCH FIRST 1000 ROWS ONLY")) {
        ps.setString(1, clientKey);
        List<StoredKeyToken> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(row(rs));
          }
        }
        return out;
      }
    });
  }

  /** Revokes one token by id; empty when there is none. Blocking. */
  Optional<StoredKeyToken> revoke(String id) {
    Map.Entry<String, StoredKeyToken> done = db.inTransaction(c -> {
      Map.Entry<String, StoredKeyToken> found;
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM key_tokens WHERE id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return null;
          }
          found = Map.entry(rs.getString("token_hash"), row(rs));
        }
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE key_tokens SET revoked = TRUE WHERE id = ?")) {
        ps.setString(1, id);
        ps.executeUpdate();
      }
      return found;
    });
    if (done == null) {
      return Optional.empty();
    }
    invalidations.publish(new Invalidation.KeyTokenRevoked(done.getKey())); // committed: here and on every node
    StoredKeyToken t = done.getValue();
    return Optional.of(new StoredKeyToken(t.id(), t.clientKey(), t.accountId(), t.kind(), t.createdAt(), t.expiresAt(), true));
  }

  /** Revokes every token of a client; answers how many were still unrevoked. Blocking. */
  int revokeAll(String clientKey) {
    Map.Entry<Integer, List<String>> done = db.inTransaction(c -> {
      int n;
      try (PreparedStatement ps = c.prepareStatement("UPDATE key_tokens SET revoked = TRUE WHERE client_key = ? AND revoked = FALSE")) {
        ps.setString(1, clientKey);
        n = ps.executeUpdate();
      }
      List<String> hashes = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT token_hash FROM key_tokens WHERE client_key = ?")) {
        ps.setString(1, clientKey);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            hashes.add(rs.getString(1));
          }
        }
      }
      return Map.entry(n, hashes);
    });
    cache.invalidateAll(done.getValue());
    invalidations.publish(new Invalidation.KeyTokensOfClientRevoked(clientKey)); // committed: here and on every node
    return done.getKey();
  }

  /** Deletes tokens that expired before {@code before}. Blocking. */
  int purgeExpired(Instant before) {
    return db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM key_tokens WHERE expires_at < ?")) {
        ps.setObject(1, Sql.ts(before));
        return ps.executeUpdate();
      }
    });
  }

  private static StoredKeyToken row(ResultSet rs) throws SQLException {
    return new StoredKeyToken(rs.getString("id"), rs.getString("client_key"), rs.getString("account_id"),
        StoredKeyToken.Kind.valueOf(rs.getString("kind").toUpperCase(java.util.Locale.ROOT)),
        Sql.instant(rs, "created_at"), Sql.instant(rs, "expires_at"), rs.getBoolean("revoked"));
  }
}
