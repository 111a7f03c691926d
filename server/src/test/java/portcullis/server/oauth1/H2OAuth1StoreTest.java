package portcullis.server.oauth1;

import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.TestDatabase;

/** OAuth1StoreContract on embedded H2. */
class H2OAuth1StoreTest extends OAuth1StoreContract {
  @RegisterExtension
  static final TestDatabase db = TestDatabase.h2();

  @Override
  TestDatabase db() {
    return db;
  }
}
