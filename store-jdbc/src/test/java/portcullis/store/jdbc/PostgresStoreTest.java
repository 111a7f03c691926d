package portcullis.store.jdbc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import portcullis.core.crypto.SecretBox;
import portcullis.core.store.Store;

/**
 * The same contract on a real PostgreSQL. {@code ./run-tests} starts one and sets
 * {@code PORTCULLIS_TEST_PG_URL}; with {@code PORTCULLIS_REQUIRE_PG=1} (as in CI) a missing database
 * fails the build instead of skipping.
 */
class PostgresStoreTest extends StoreContract {
  static JdbcStore store;

  @BeforeAll
  static void open() {
    String url = System.getenv("PORTCULLIS_TEST_PG_URL");
    if (url == null || url.isBlank()) {
      if ("1".equals(System.getenv("PORTCULLIS_REQUIRE_PG"))) {
        throw new IllegalStateException("PORTCULLIS_REQUIRE_PG=1 but PORTCULLIS_TEST_PG_URL is not set");
      }
      assumeTrue(false, "PORTCULLIS_TEST_PG_URL not set; run ./run-tests to test on PostgreSQL");
    }
    store = new JdbcStore(new JdbcStoreConfig(url, System.getenv().getOrDefault("PORTCULLIS_TEST_PG_USER", "postgres"),
        System.getenv().getOrDefault("PORTCULLIS_TEST_PG_PASSWORD", ""), 4), new SecretBox("test-master-key-0123456789"));
  }

  @AfterAll
  static void close() {
    if (store != null) {
      store.close();
    }
  }

  @Override
  Store store() {
    return store;
  }
}
