package portcullis.server.oauth1;

import portcullis.server.testing.TestDatabase;

/** {@link OAuth1StoreContract} on a real PostgreSQL (skipped without one unless PORTCULLIS_REQUIRE_PG=1). */
class PostgresOAuth1StoreTest extends OAuth1StoreContract {
  PostgresOAuth1StoreTest() {
    super(TestDatabase.postgres());
  }
}
