package portcullis.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import portcullis.core.StoreUnavailableException;
import portcullis.core.store.Store;

/**
 * The pooled database (HikariCP) with its schema brought up to date by Flyway at start (Flyway is
 * not even loaded when the schema already is: {@link Migrations}). Every JDBC
 * store of Portcullis borrows connections through {@link #inTransaction}; nobody else holds a
 * {@link Connection}. Thread-safe.
 */
public final class Database implements AutoCloseable {
  private final HikariDataSource pool;
  private final JdbcStoreConfig config;
  private boolean migrated;

  public Database(JdbcStoreConfig config) {
    this.config = config;
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(config.url());
    hc.setUsername(config.username());
    hc.setPassword(config.password());
    hc.setMaximumPoolSize(config.poolSize());
    hc.setMinimumIdle(1);
    hc.setPoolName("portcullis-store");
    hc.setConnectionTimeout(5_000);
    hc.setInitializationFailTimeout(10_000);
    try {
      this.pool = new HikariDataSource(hc);
    } catch (RuntimeException e) {
      String dir = lockedDirectory(config, e);
      if (dir != null) {
        throw new StoreUnavailableException("another Portcullis is using " + dir + " (its embedded store is locked);"
            + " stop that one first, or give this one a data directory of its own (--data DIR, or dataDir: in the configuration)", e);
      }
      throw new StoreUnavailableException("cannot connect to the store at " + config + ": " + rootMessage(e), e);
    }
    try {
      // an up-to-date store (every start but the first after an upgrade) skips loading Flyway
      if (!Migrations.upToDate(pool)) {
        FlywayMigration.migrate(pool);
        migrated = true;
      }
    } catch (RuntimeException e) {
      pool.close();
      throw new StoreUnavailableException("cannot migrate the store at " + config + ": " + rootMessage(e), e);
    }
  }

  /** Flyway's classes, loaded only when {@link Migrations} finds the schema not up to date. */
  private static final class FlywayMigration {
    static void migrate(HikariDataSource pool) {
      Flyway.configure().dataSource(pool).locations("classpath:" + Migrations.LOCATION).outOfOrder(true).load().migrate();
    }
  }

  /** Whether this start ran Flyway (false: the schema was already up to date). */
  boolean migrated() {
    return migrated;
  }

  /**
   * The data directory of an embedded H2 store that another process holds open (H2's file lock:
   * "Database may be already in use"), or null for any other failure.
   */
  static String lockedDirectory(JdbcStoreConfig config, Throwable e) {
    String url = config.url();
    if (!url.startsWith("jdbc:h2:file:")) {
      return null;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && (m.contains("already in use") || m.contains("file is locked") || m.contains("Locked by another process"))) {
        String file = url.substring("jdbc:h2:file:".length());
        int semi = file.indexOf(';');
        java.nio.file.Path p = java.nio.file.Path.of(semi < 0 ? file : file.substring(0, semi)).toAbsolutePath().getParent();
        return p == null ? file : p.toString();
      }
    }
    return null;
  }

  public JdbcStoreConfig config() {
    return config;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  /** Work done with a connection inside one transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction: commits on return, rolls back on any exception. A unique
   * violation becomes {@link Store.DuplicateException}; any other SQL failure {@link
   * StoreUnavailableException}.
   */
  public <T> T inTransaction(Work<T> work) {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      String state = e.getSQLState() == null ? "" : e.getSQLState();
      if (state.equals("23505")) {
        throw new Store.DuplicateException("duplicate value");
      }
      if (state.startsWith("22")) {
        throw new Store.InvalidValueException("a value does not fit the store (SQLState " + state + ")");
      }
      // Driver messages can quote the values of the failed statement (hashes, sealed secrets): only
      // connection failures (class 08) keep theirs, which name hosts and ports, never data.
      throw new StoreUnavailableException(state.startsWith("08")
          ? "store unreachable: " + e.getMessage()
          : "store query failed (SQLState " + state + ", error " + e.getErrorCode() + ")", e);
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
