package portcullis.server.keytoken;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import portcullis.core.Directory;
import portcullis.core.scheme.keytoken.KeyTokens;
import portcullis.core.scheme.keytoken.StoredKeyToken;
import portcullis.server.Harness;
import portcullis.server.HeldLoad;
import portcullis.store.jdbc.Database;
import portcullis.store.jdbc.JdbcStore;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.RunningGateway;

/** The key-token cache against the real store: a load in flight during a revocation never resurrects the token. */
class JdbcKeyTokensTest {
  static Database db;
  static Directory blocking;

  @RegisterExtension
  static final RunningGateway h = RunningGateway.demo();
  static final Harness.TestClient app = h.clientForClass(h.accountForClass(), false, "read");

  @BeforeAll
  static void start() {
    db = ((JdbcStore) h.server.store()).database();
    blocking = h.server.directory().blocking();
  }

  static String insert(JdbcKeyTokens store, String[] id) {
    String token = KeyTokens.newToken();
    Instant now = Instant.now();
    id[0] = KeyTokens.newId();
    store.insert(KeyTokens.hash(token), new StoredKeyToken(id[0], app.key(), app.owner().id(), StoredKeyToken.Kind.APP, now,
        now.plus(Duration.ofHours(1)), false));
    return KeyTokens.hash(token);
  }

  /** Reads the token on one thread, held after its read, while {@code revoke} commits on another. */
  static void revokeDuringLoad(BiConsumer<JdbcKeyTokens, String> revoke) throws Exception {
    HeldLoad held = new HeldLoad();
    JdbcKeyTokens store = new JdbcKeyTokens(db, Duration.ofHours(1), 1000, held);
    String[] id = new String[1];
    String hash = insert(store, id);
    held.arm();
    AtomicReference<Optional<StoredKeyToken>> stale = new AtomicReference<>();
    Thread reader = new Thread(() -> stale.set(store.find(hash, blocking)));
    reader.start();
    held.awaitRead();
    Thread writer = new Thread(() -> revoke.accept(store, id[0]));
    writer.start();
    HeldLoad.awaitDoneOrParkedInCache(writer);
    held.release();
    reader.join();
    writer.join();
    assertThat(stale.get()).hasValueSatisfying(t -> assertThat(t.revoked()).isFalse());
    assertThat(store.find(hash, blocking)).hasValueSatisfying(t -> assertThat(t.revoked()).isTrue());
  }

  @Test
  void revoke_duringInFlightLoad_tokenStaysRevoked() throws Exception {
    revokeDuringLoad(JdbcKeyTokens::revoke);
  }

  @Test
  void revokeAll_duringInFlightLoad_tokenStaysRevoked() throws Exception {
    revokeDuringLoad((store, id) -> store.revokeAll(app.key()));
  }

  @Test
  void find_onNonBlockingDirectory_missThrowsWouldBlock() {
    JdbcKeyTokens store = new JdbcKeyTokens(db, Duration.ofHours(1), 1000);
    String hash = insert(store, new String[1]);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.find(hash, h.server.directory().nonBlocking()))
        .isSameAs(Directory.WouldBlock.INSTANCE);
    assertThat(store.find(hash, blocking)).isPresent();
    assertThat(store.find(hash, h.server.directory().nonBlocking())).isPresent();
  }
}
