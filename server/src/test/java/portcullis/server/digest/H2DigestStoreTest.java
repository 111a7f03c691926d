package portcullis.server.digest;

import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.TestDatabase;

/** DigestStoreContract on embedded H2. */
class H2DigestStoreTest extends DigestStoreContract {
  @RegisterExtension
  static final TestDatabase db = TestDatabase.h2();

  @Override
  TestDatabase db() {
    return db;
  }
}
