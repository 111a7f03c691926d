package portcullis.server.digest;

import portcullis.server.testing.TestDatabase;

/** {@link DigestStoreContract} on a real PostgreSQL (skipped without one unless PORTCULLIS_REQUIRE_PG=1). */
class PostgresDigestStoreTest extends DigestStoreContract {
  PostgresDigestStoreTest() {
    super(TestDatabase.postgres());
  }
}
