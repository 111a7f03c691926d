package portcullis.server.digest;

import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.TestDatabase;

/** DigestStoreContract on a real PostgreSQL (skipped without one unless PORTCULLIS_REQUIRE_PG=1). */
class PostgresDigestStoreTest extends DigestStoreContract {
  @RegisterExtension
  static final TestDatabase db = TestDatabase.postgres();

  @Override
  TestDatabase db() {
    return db;
  }
}
