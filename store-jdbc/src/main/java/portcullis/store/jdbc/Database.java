package portcullis.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import portcullis.core.StoreUnavailableException;
import portcullis.core.store.Store;

/**
 * The pooled database (HikariCP) with its schema brought up to date by Flyway at start. Every JDBC
 * store of Portcullis borrows connections through {@link #inTransaction}; nobody else holds a
 * {@link Connection}. Thread-safe.
 */
public final class Database implements AutoCloseable {
  private final HikariDataSource pool;
  private final JdbcStoreConfig config;

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
      throw new StoreUnavailableException("cannot connect to the store at " + config + ": " + rootMessage(e), e);
    }
    try {
      Flyway.configure().dataSource(pool).locations("classpath:db/migration").outOfOrder(true).load().migrate();
    } catch (RuntimeException e) {
      pool.close();
      throw new StoreUnavailableException("cannot migrate the store at " + config + ": " + rootMessage(e), e);
    }
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
