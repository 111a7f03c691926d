package portcullis.server.keytoken;

import portcullis.server.testing.TestDatabase;

/** {@link KeyTokensContract} on a real PostgreSQL (skipped without one unless PORTCULLIS_REQUIRE_PG=1). */
class PostgresKeyTokensTest extends KeyTokensContract {
  PostgresKeyTokensTest() {
    super(TestDatabase.postgres());
  }
}
