package portcullis.server.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import portcullis.core.crypto.SecretBox;
import portcullis.core.store.Account;
import portcullis.core.store.Client;
import portcullis.core.store.NewClient;
import portcullis.store.jdbc.Database;
import portcullis.store.jdbc.JdbcStore;
import portcullis.store.jdbc.JdbcStoreConfig;

/**
 * A migrated store for one test class of a scheme store's contract: {@link #h2()} embedded in a
 * temp directory, or {@link #postgres()} on the PostgreSQL that {@code ./run-tests} starts
 * ({@code PORTCULLIS_TEST_PG_URL}; skipped when there is none, unless {@code PORTCULLIS_REQUIRE_PG=1},
 * as in {@code ./run-tests}, makes it a failure), as store-jdbc's {@code PostgresStoreTest} does.
 * Register with {@code @RegisterExtension static final TestDatabase db = TestDatabase.h2();}, or
 * extend {@link DatabaseContract}.
 */
public final class TestDatabase implements BeforeAllCallback, AfterAllCallback {
  public static final String MASTER_KEY = "test-master-key-0123456789";
  private final Supplier<JdbcStoreConfig> config;
  private final SecretBox box = new SecretBox(MASTER_KEY);
  private JdbcStore store;

  private TestDatabase(Supplier<JdbcStoreConfig> config) {
    this.config = config;
  }

  public static TestDatabase h2() {
    return new TestDatabase(() -> {
      try {
        return JdbcStoreConfig.embedded(Files.createTempDirectory("portcullis-store-test"));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  public static TestDatabase postgres() {
    return new TestDatabase(TestDatabase::postgresConfig);
  }

  /** The test PostgreSQL's settings; skips (or fails, with PORTCULLIS_REQUIRE_PG=1) without one. */
  public static JdbcStoreConfig postgresConfig() {
    String url = System.getenv("PORTCULLIS_TEST_PG_URL");
    if (url == null || url.isBlank()) {
      if ("1".equals(System.getenv("PORTCULLIS_REQUIRE_PG"))) {
        throw new IllegalStateException("PORTCULLIS_REQUIRE_PG=1 but PORTCULLIS_TEST_PG_URL is not set");
      }
      assumeTrue(false, "PORTCULLIS_TEST_PG_URL not set; run ./run-tests to test on PostgreSQL");
    }
    return new JdbcStoreConfig(url, System.getenv().getOrDefault("PORTCULLIS_TEST_PG_USER", "postgres"),
        System.getenv().getOrDefault("PORTCULLIS_TEST_PG_PASSWORD", ""), 4);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    open();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** Opens (and migrates) the store; aborts the caller (a skip) when its backend is not available. */
  public void open() {
    store = new JdbcStore(config.get(), box);
  }

  public void close() {
    if (store != null) {
      store.close();
    }
  }

  public JdbcStore store() {
    return store;
  }

  public Database database() {
    return store.database();
  }

  public SecretBox box() {
    return box;
  }

  /** A new account with a unique id and e-mail. */
  public Account account() {
    String id = UUID.randomUUID().toString();
    return store.createAccount(id, "contract+" + id.substring(0, 8) + "@example.com", "hash");
  }

  /** A new active client of {@code owner}. */
  public Client client(Account owner, String... scopes) {
    String key = "ck" + UUID.randomUUID().toString().replace("-", "").substring(0, 18);
    return store.createClient(new NewClient(key, owner.id(), "contract app", Set.of(scopes), false, "secret-" + key));
  }

  /** Now, to the millisecond (every backend keeps that much of a timestamp). */
  public static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}
