package portcullis.server.oauth1;

import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.TestDatabase;

/** OAuth1StoreContract on a real PostgreSQL (skipped without one unless PORTCULLIS_REQUIRE_PG=1). */
class PostgresOAuth1StoreTest extends OAuth1StoreContract {
  @RegisterExtension
  static final TestDatabase db = TestDatabase.postgres();

  @Override
  TestDatabase db() {
    return db;
  }
}
