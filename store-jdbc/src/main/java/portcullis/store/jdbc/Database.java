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
      if ("23505".equals(e.getSQLState())) {
        throw new Store.DuplicateException("duplicate value");
      }
      throw new StoreUnavailableException("store query failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
