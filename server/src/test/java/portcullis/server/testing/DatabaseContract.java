package portcullis.server.testing;

import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The base of a scheme store's contract: the backend it runs on is the subclass's choice
 * ({@code super(TestDatabase.h2())} or {@code super(TestDatabase.postgres())}), opened once for the class;
 * the store under contract ({@code S}) is the contract's: {@code super(db, d -> new XStore(d.database(), d.box()))}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DatabaseContract<S> {
  private final TestDatabase db;
  private final Function<TestDatabase, S> store;

  protected DatabaseContract(TestDatabase db, Function<TestDatabase, S> store) {
    this.db = db;
    this.store = store;
  }

  /** A new store under contract on the open backend. */
  protected final S store() {
    return store.apply(db);
  }

  protected final TestDatabase db() {
    return db;
  }

  /** The one column of the one row {@code sql} selects for {@code id}, as the backend keeps it (sealed or not). */
  protected final String atRest(String sql, String id) {
    return db.database().inTransaction(c -> {
      try (var q = c.prepareStatement(sql)) {
        q.setString(1, id);
        try (var rs = q.executeQuery()) {
          rs.next();
          return rs.getString(1);
        }
      }
    });
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
