package portcullis.server.bearer;

import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.TestDatabase;

/** BearerStoreContract on a real PostgreSQL (skipped without one unless PORTCULLIS_REQUIRE_PG=1). */
class PostgresBearerStoreTest extends BearerStoreContract {
  @RegisterExtension
  static final TestDatabase db = TestDatabase.postgres();

  @Override
  TestDatabase db() {
    return db;
  }
}
