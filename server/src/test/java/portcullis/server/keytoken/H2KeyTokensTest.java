package portcullis.server.keytoken;

import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.TestDatabase;

/** KeyTokensContract on embedded H2. */
class H2KeyTokensTest extends KeyTokensContract {
  @RegisterExtension
  static final TestDatabase db = TestDatabase.h2();

  @Override
  TestDatabase db() {
    return db;
  }
}
