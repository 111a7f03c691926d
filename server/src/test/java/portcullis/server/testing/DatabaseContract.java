package portcullis.server.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The base of a scheme store's contract: the backend it runs on is the subclass's choice
 * ({@code super(TestDatabase.h2())} or {@code super(TestDatabase.postgres())}), opened once for the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DatabaseContract {
  private final TestDatabase db;

  protected DatabaseContract(TestDatabase db) {
    this.db = db;
  }

  protected final TestDatabase db() {
    return db;
  }

  @BeforeAll
  final void openDatabase() {
    db.open();
  }

  @AfterAll
  final void closeDatabase() {
    db.close();
  }
}
