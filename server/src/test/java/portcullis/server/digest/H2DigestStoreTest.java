package portcullis.server.digest;

import portcullis.server.testing.TestDatabase;

/** {@link DigestStoreContract} on embedded H2. */
class H2DigestStoreTest extends DigestStoreContract {
  H2DigestStoreTest() {
    super(TestDatabase.h2());
  }
}
