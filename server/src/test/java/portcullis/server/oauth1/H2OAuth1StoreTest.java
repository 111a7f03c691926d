package portcullis.server.oauth1;

import portcullis.server.testing.TestDatabase;

/** {@link OAuth1StoreContract} on embedded H2. */
class H2OAuth1StoreTest extends OAuth1StoreContract {
  H2OAuth1StoreTest() {
    super(TestDatabase.h2());
  }
}
