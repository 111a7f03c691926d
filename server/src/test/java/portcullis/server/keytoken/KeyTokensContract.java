package portcullis.server.keytoken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import portcullis.core.Directory;
import portcullis.core.scheme.keytoken.KeyTokens;
import portcullis.core.scheme.keytoken.StoredKeyToken;
import portcullis.core.store.Account;
import portcullis.core.store.Client;
import portcullis.core.testing.MemoryDirectory;
import portcullis.server.testing.DatabaseContract;
import portcullis.server.testing.TestDatabase;

/**
 * What {@link JdbcKeyTokens} must do on every backend (H2 and PostgreSQL): insert, find (through
 * its cache, blocking view only on a miss), a client's tokens, revoke one or all, purge.
 */
abstract class KeyTokensContract extends DatabaseContract<JdbcKeyTokens> {
  final Directory blocking = new MemoryDirectory();

  KeyTokensContract(TestDatabase db) {
    super(db, d -> new JdbcKeyTokens(d.database(), Duration.ofHours(1), 1000));
  }

  static StoredKeyToken token(Client c, StoredKeyToken.Kind kind, Instant created, Duration ttl) {
    return new StoredKeyToken(KeyTokens.newId(), c.clientKey(), c.ownerAccountId(), kind, created, created.plus(ttl), false);
  }

  static String insert(JdbcKeyTokens store, StoredKeyToken t) {
    String hash = KeyTokens.hash(KeyTokens.newToken());
    store.insert(hash, t);
    return hash;
  }

  Client client() {
    Account a = db().account();
    return db().client(a, "read");
  }

  @Test
  void insert_thenFind_roundTripsEveryField() {
    JdbcKeyTokens store = store();
    StoredKeyToken t = token(client(), StoredKeyToken.Kind.USER, TestDatabase.now(), Duration.ofMinutes(10));
    String hash = insert(store, t);
    assertThat(store.find(hash, blocking)).contains(t);
    assertThat(store().find(hash, blocking)).as("a fresh cache reads the store").contains(t);
    assertThat(store.find(KeyTokens.hash(KeyTokens.newToken()), blocking)).isEmpty();
  }

  @Test
  void find_missOnANonBlockingView_wouldBlock_hitAnswers() {
    JdbcKeyTokens store = store();
    String hash = insert(store, token(client(), StoredKeyToken.Kind.APP, TestDatabase.now(), Duration.ofMinutes(10)));
    Directory nonBlocking = new MemoryDirectory().nonBlocking();
    assertThatThrownBy(() -> store.find(hash, nonBlocking)).isSameAs(Directory.WouldBlock.INSTANCE);
    assertThat(store.find(hash, blocking)).isPresent();
    assertThat(store.find(hash, nonBlocking)).isPresent();
  }

  @Test
  void ofClient_newestFirst_onlyThatClients() {
    JdbcKeyTokens store = store();
    Client c = client();
    Instant now = TestDatabase.now();
    StoredKeyToken older = token(c, StoredKeyToken.Kind.APP, now.minusSeconds(60), Duration.ofHours(1));
    StoredKeyToken newer = token(c, StoredKeyToken.Kind.USER, now, Duration.ofHours(1));
    insert(store, older);
    insert(store, newer);
    insert(store, token(client(), StoredKeyToken.Kind.APP, now, Duration.ofHours(1)));
    assertThat(store.ofClient(c.clientKey())).containsExactly(newer, older);
    assertThat(store.ofClient("no-such-client")).isEmpty();
  }

  @Test
  void revoke_oneById_cachedValueToo() {
    JdbcKeyTokens store = store();
    Client c = client();
    StoredKeyToken t = token(c, StoredKeyToken.Kind.APP, TestDatabase.now(), Duration.ofHours(1));
    StoredKeyToken other = token(c, StoredKeyToken.Kind.APP, TestDatabase.now(), Duration.ofHours(1));
    String hash = insert(store, t);
    String otherHash = insert(store, other);
    assertThat(store.find(hash, blocking)).hasValueSatisfying(v -> assertThat(v.revoked()).isFalse());
    assertThat(store.revoke(t.id())).hasValueSatisfying(v -> {
      assertThat(v.id()).isEqualTo(t.id());
      assertThat(v.revoked()).isTrue();
    });
    assertThat(store.find(hash, blocking)).hasValueSatisfying(v -> assertThat(v.revoked()).isTrue());
    assertThat(store().find(hash, blocking)).hasValueSatisfying(v -> assertThat(v.revoked()).isTrue());
    assertThat(store.find(otherHash, blocking)).hasValueSatisfying(v -> assertThat(v.revoked()).isFalse());
    assertThat(store.revoke("kt_no_such_id")).isEmpty();
  }

  @Test
  void revokeAll_countsTheUnrevoked_andRevokesEveryTokenOfTheClient() {
    JdbcKeyTokens store = store();
    Client c = client();
    Client other = client();
    Instant now = TestDatabase.now();
    StoredKeyToken a = token(c, StoredKeyToken.Kind.APP, now, Duration.ofHours(1));
    StoredKeyToken b = token(c, StoredKeyToken.Kind.USER, now, Duration.ofHours(1));
    StoredKeyToken kept = token(other, StoredKeyToken.Kind.APP, now, Duration.ofHours(1));
    String ha = insert(store, a);
    String hb = insert(store, b);
    String hk = insert(store, kept);
    store.find(ha, blocking);
    store.revoke(b.id());
    assertThat(store.revokeAll(c.clientKey())).isEqualTo(1);
    assertThat(store.find(ha, blocking)).hasValueSatisfying(v -> assertThat(v.revoked()).isTrue());
    assertThat(store.find(hb, blocking)).hasValueSatisfying(v -> assertThat(v.revoked()).isTrue());
    assertThat(store.find(hk, blocking)).hasValueSatisfying(v -> assertThat(v.revoked()).isFalse());
    assertThat(store.revokeAll(c.clientKey())).isZero();
  }

  @Test
  void purgeExpired_deletesTokensExpiredBeforeTheCutoff() {
    JdbcKeyTokens store = store();
    Client c = client();
    Instant now = TestDatabase.now();
    String expired = insert(store, token(c, StoredKeyToken.Kind.APP, now.minus(Duration.ofHours(2)), Duration.ofHours(1)));
    String live = insert(store, token(c, StoredKeyToken.Kind.APP, now, Duration.ofHours(1)));
    assertThat(store.purgeExpired(now)).isGreaterThanOrEqualTo(1);
    assertThat(store().find(expired, blocking)).isEmpty();
    assertThat(store().find(live, blocking)).isPresent();
    assertThat(store.ofClient(c.clientKey())).hasSize(1);
  }
}
