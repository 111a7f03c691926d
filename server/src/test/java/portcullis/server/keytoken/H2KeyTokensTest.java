package portcullis.server.keytoken;

import portcullis.server.testing.TestDatabase;

/** {@link KeyTokensContract} on embedded H2. */
class H2KeyTokensTest extends KeyTokensContract {
  H2KeyTokensTest() {
    super(TestDatabase.h2());
  }
}
