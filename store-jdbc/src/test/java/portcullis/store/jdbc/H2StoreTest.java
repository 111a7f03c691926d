package portcullis.store.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import portcullis.core.crypto.SecretBox;
import portcullis.core.store.Store;

class H2StoreTest extends StoreContract {
  @TempDir static Path dir;
  static JdbcStore store;

  @BeforeAll
  static void open() {
    store = new JdbcStore(JdbcStoreConfig.embedded(dir), new SecretBox("test-master-key-0123456789"));
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @Override
  Store store() {
    return store;
  }
}
