package portcullis.server.bearer;

import portcullis.server.testing.TestDatabase;

/** {@link BearerStoreContract} on a real PostgreSQL (skipped without one unless PORTCULLIS_REQUIRE_PG=1). */
class PostgresBearerStoreTest extends BearerStoreContract {
  PostgresBearerStoreTest() {
    super(TestDatabase.postgres());
  }
}
