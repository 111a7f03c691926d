package portcullis.server.keytoken;

import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.TestDatabase;

/** KeyTokensContract on a real PostgreSQL (skipped without one unless PORTCULLIS_REQUIRE_PG=1). */
class PostgresKeyTokensTest extends KeyTokensContract {
  @RegisterExtension
  static final TestDatabase db = TestDatabase.postgres();

  @Override
  TestDatabase db() {
    return db;
  }
}
