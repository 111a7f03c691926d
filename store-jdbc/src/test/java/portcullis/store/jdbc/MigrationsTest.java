package portcullis.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import portcullis.core.StoreUnavailableException;

/** Flyway skipped on an up-to-date store, and run whenever a migration is pending or anything is unusual. */
class MigrationsTest {
  @TempDir Path dir;

  private JdbcStoreConfig h2() {
    return JdbcStoreConfig.embedded(dir);
  }

  private void sql(JdbcStoreConfig config, String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection(config.url(), config.username(), config.password());
        Statement st = c.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
    }
  }

  private int applied(JdbcStoreConfig config, String version) throws SQLException {
    try (Connection c = DriverManager.getConnection(config.url(), config.username(), config.password());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"version\" = '" + version + "'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void aNewStoreRunsFlywayAndAnUpToDateOneDoesNot() {
    try (Database first = new Database(h2())) {
      assertTrue(first.migrated());
    }
    try (Database again = new Database(h2())) {
      assertFalse(again.migrated(), "every migration applied: Flyway not loaded");
      again.inTransaction(c -> c.createStatement().executeQuery("SELECT COUNT(*) FROM client_certificates").next());
    }
  }

  @Test
  void aPendingMigrationRunsFlyway() throws SQLException {
    new Database(h2()).close();
    // as if the store predated V20: its table and history row gone
    sql(h2(), "DROP TABLE client_certificates", "DELETE FROM \"flyway_schema_history\" WHERE \"version\" = '20'");
    try (Database db = new Database(h2())) {
      assertTrue(db.migrated());
      db.inTransaction(c -> c.createStatement().executeQuery("SELECT COUNT(*) FROM client_certificates").next());
    }
    assertEquals(1, applied(h2(), "20"));
    try (Database db = new Database(h2())) {
      assertFalse(db.migrated());
    }
  }

  @Test
  void aMigrationMissingFromTheClassPathIsPending() throws Exception {
    new Database(h2()).close();
    Set<Migrations.Applied> resolved = Migrations.resolved(Migrations.class.getClassLoader());
    assertNotNull(resolved);
    Set<Migrations.Applied> more = new HashSet<>(resolved);
    more.add(new Migrations.Applied("21", "something new", "V21__something_new.sql", 42));
    Set<Migrations.Applied> fewer = new HashSet<>(resolved);
    fewer.removeIf(m -> m.version().equals("20"));
    try (Connection c = DriverManager.getConnection(h2().url(), "sa", "")) {
      assertFalse(Migrations.pending(c, resolved));
      assertTrue(Migrations.pending(c, more), "a new migration on the class path");
      assertTrue(Migrations.pending(c, fewer), "an applied migration this build does not have (Flyway decides)");
    }
  }

  @Test
  void anEditedMigrationIsLeftToFlywaysValidation() throws SQLException {
    new Database(h2()).close();
    sql(h2(), "UPDATE \"flyway_schema_history\" SET \"checksum\" = \"checksum\" + 1 WHERE \"version\" = '8'");
    StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> new Database(h2()));
    assertTrue(e.getMessage().contains("cannot migrate"), e.getMessage());
  }

  @Test
  void aFailedMigrationIsLeftToFlyway() throws Exception {
    new Database(h2()).close();
    sql(h2(), "UPDATE \"flyway_schema_history\" SET \"success\" = FALSE WHERE \"version\" = '20'");
    try (Connection c = DriverManager.getConnection(h2().url(), "sa", "")) {
      assertTrue(Migrations.pending(c, Migrations.resolved(Migrations.class.getClassLoader())));
    }
  }

  @Test
  void noHistoryTableIsNotUpToDate() throws SQLException {
    try (Connection c = DriverManager.getConnection(h2().url(), "sa", "")) {
      assertThrows(SQLException.class, () -> Migrations.pending(c, Set.of()));
    }
  }

  @Test
  void checksumsAreFlyways() throws Exception {
    // CRC32 of the lines without terminators: CRLF, LF and a byte order mark do not change it
    int lf = Migrations.checksum(new ByteArrayInputStream("a\nb\n".getBytes(StandardCharsets.UTF_8)));
    int crlf = Migrations.checksum(new ByteArrayInputStream("a\r\nb".getBytes(StandardCharsets.UTF_8)));
    int bom = Migrations.checksum(new ByteArrayInputStream("\uFEFFa\nb".getBytes(StandardCharsets.UTF_8)));
    assertEquals(lf, crlf);
    assertEquals(lf, bom);
    // and what Flyway recorded for every script
    new Database(h2()).close();
    try (Connection c = DriverManager.getConnection(h2().url(), "sa", "");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT \"script\", \"checksum\" FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL")) {
      int n = 0;
      while (rs.next()) {
        try (var in = Migrations.class.getClassLoader().getResourceAsStream("db/migration/" + rs.getString(1))) {
          assertEquals(rs.getInt(2), Migrations.checksum(in), rs.getString(1));
        }
        n++;
      }
      assertEquals(Migrations.resolved(Migrations.class.getClassLoader()).size(), n);
    }
  }

  /** The same on PostgreSQL (./run-tests starts one): up to date after a migration, pending with one more. */
  @Test
  void postgres() throws Exception {
    String url = System.getenv("PORTCULLIS_TEST_PG_URL");
    if (url == null || url.isBlank()) {
      if ("1".equals(System.getenv("PORTCULLIS_REQUIRE_PG"))) {
        throw new IllegalStateException("PORTCULLIS_REQUIRE_PG=1 but PORTCULLIS_TEST_PG_URL is not set");
      }
      assumeTrue(false, "PORTCULLIS_TEST_PG_URL not set; run ./run-tests to test on PostgreSQL");
    }
    JdbcStoreConfig pg = new JdbcStoreConfig(url, System.getenv().getOrDefault("PORTCULLIS_TEST_PG_USER", "postgres"),
        System.getenv().getOrDefault("PORTCULLIS_TEST_PG_PASSWORD", ""), 2);
    new Database(pg).close(); // migrated now (by this or an earlier test)
    try (Database db = new Database(pg)) {
      assertFalse(db.migrated());
    }
    Set<Migrations.Applied> more = new HashSet<>(Migrations.resolved(Migrations.class.getClassLoader()));
    more.add(new Migrations.Applied("21", "something new", "V21__something_new.sql", 42));
    try (Connection c = DriverManager.getConnection(pg.url(), pg.username(), pg.password())) {
      assertTrue(Migrations.pending(c, more));
    }
  }
}
