package portcullis.server.bearer;

import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.TestDatabase;

/** BearerStoreContract on embedded H2. */
class H2BearerStoreTest extends BearerStoreContract {
  @RegisterExtension
  static final TestDatabase db = TestDatabase.h2();

  @Override
  TestDatabase db() {
    return db;
  }
}
