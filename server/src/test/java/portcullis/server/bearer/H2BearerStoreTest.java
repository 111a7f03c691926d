package portcullis.server.bearer;

import portcullis.server.testing.TestDatabase;

/** {@link BearerStoreContract} on embedded H2. */
class H2BearerStoreTest extends BearerStoreContract {
  H2BearerStoreTest() {
    super(TestDatabase.h2());
  }
}
