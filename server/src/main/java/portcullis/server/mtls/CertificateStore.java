package portcullis.server.mtls;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import portcullis.core.Directory;
import portcullis.core.scheme.mtls.CertificateBindings;
import portcullis.server.StoreCache;
import portcullis.server.cluster.Invalidation;
import portcullis.server.cluster.Invalidations;
import portcullis.store.jdbc.Database;

/**
 * Certificate bindings in the {@code client_certificates} table (migration V20), cached by
 * thumbprint in a {@link StoreCache} (an unbound thumbprint is cached as such too). A write
 * announces the client it changed ({@link Invalidation.ClientChanged}, after the commit); every
 * node drops its whole binding cache on any client event, which covers a new binding, a removed
 * one and a revoked client. The admin API ({@link MtlsModule}) and the developer portal write through
 * here, so both invalidate the same way. Thread-safe.
 */
public final class CertificateStore implements CertificateBindings {
  /** One binding, for the admin API and the portal. */
  public record Binding(String thumbprint, String clientKey, Instant createdAt) {}

  private final Database db;
  private final StoreCache<String> cache;
  private final Invalidations invalidations;

  CertificateStore(Database db, Duration ttl, long maximumSize, Invalidations invalidations) {
    this.db = db;
    this.invalidations = invalidations;
    this.cache = new StoreCache<>(ttl, maximumSize, () -> { }, invalidations::trusted);
    invalidations.subscribe(e -> {
      if (e instanceof Invalidation.ClientChanged || e instanceof Invalidation.DropAll) {
        cache.invalidateAll();
      }
    });
  }

  /** Publishes the cache as {@code mtls_certificates}. */
  CertificateStore monitored(portcullis.server.CacheMeters meters) {
    cache.monitored(meters, "mtls_certificates");
    return this;
  }

  @Override
  public Optional<String> clientKeyOf(String thumbprint, Directory directory) {
    return cache.get(thumbprint, directory, this::load);
  }

  /** The same, allowed to block (the binding step's slow path on the worker pool). */
  Optional<String> clientKeyOf(String thumbprint, boolean mayBlock) {
    return cache.get(thumbprint, mayBlock, this::load);
  }

  private Optional<String> load(String thumbprint) {
    return db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT client_key FROM client_certificates WHERE thumbprint = ?")) {
        ps.setString(1, thumbprint);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
        }
      }
    });
  }

  /** The client's bindings, oldest first. Blocking. */
  public List<Binding> of(String clientKey) {
    return db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT thumbprint, client_key, created_at FROM client_certificates WHERE client_key = ? ORDER BY created_at, thumbprint")) {
        ps.setString(1, clientKey);
        List<Binding> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Binding(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()));
          }
        }
        return out;
      }
    });
  }

  /**
   * Binds {@code thumbprint} to {@code clientKey}: the binding now in force (the existing one when
   * the thumbprint was bound already, to this client or another). Blocking.
   */
  public Binding bind(String thumbprint, String clientKey, Instant now) {
    Binding b = db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT thumbprint, client_key, created_at FROM client_certificates WHERE thumbprint = ?")) {
        ps.setString(1, thumbprint);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            return new Binding(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant());
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO client_certificates (thumbprint, client_key, created_at) VALUES (?, ?, ?)")) {
        ps.setString(1, thumbprint);
        ps.setString(2, clientKey);
        ps.setTimestamp(3, Timestamp.from(now));
        ps.executeUpdate();
      }
      return new Binding(thumbprint, clientKey, now);
    });
    invalidations.publish(new Invalidation.ClientChanged(clientKey));
    return b;
  }

  /** Removes the binding; false when the thumbprint was not bound to that client. Blocking. */
  public boolean unbind(String thumbprint, String clientKey) {
    boolean removed = db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM client_certificates WHERE thumbprint = ? AND client_key = ?")) {
        ps.setString(1, thumbprint);
        ps.setString(2, clientKey);
        return ps.executeUpdate() > 0;
      }
    });
    if (removed) {
      invalidations.publish(new Invalidation.ClientChanged(clientKey));
    }
    return removed;
  }
}
