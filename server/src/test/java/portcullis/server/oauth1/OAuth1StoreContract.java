package portcullis.server.oauth1;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import portcullis.core.crypto.Crypto;
import portcullis.core.scheme.oauth1.OAuth1Token;
import portcullis.core.store.Account;
import portcullis.core.store.Client;
import portcullis.server.testing.DatabaseContract;
import portcullis.server.testing.TestDatabase;

/**
 * What {@link OAuth1Store} must do on every backend (H2 and PostgreSQL): tokens through their
 * states (insert, find, authorize, deny, consume, exchange, revoke, purge), the accounts'
 * authorizations, and clients' RSA keys.
 */
abstract class OAuth1StoreContract extends DatabaseContract<OAuth1Store> {
  OAuth1StoreContract(TestDatabase db) {
    super(db, d -> new OAuth1Store(d.database(), d.box()));
  }

  static String hash() {
    return Crypto.sha256Hex(UUID.randomUUID().toString());
  }

  static OAuth1Token request(String hash, Client c, Instant now) {
    return new OAuth1Token(hash, OAuth1Token.Kind.REQUEST, c.clientKey(), null, "request-secret", Set.of("read", "write"),
        "https://app.example.com/cb", OAuth1Token.State.PENDING, null, now, now.plus(Duration.ofMinutes(10)));
  }

  static OAuth1Token access(String hash, Client c, Account a, Set<String> scopes, Instant now) {
    return new OAuth1Token(hash, OAuth1Token.Kind.ACCESS, c.clientKey(), a.id(), "access-secret", scopes, null,
        OAuth1Token.State.ACTIVE, null, now, null);
  }

  /** {@code t}, inserted. */
  OAuth1Token inserted(OAuth1Token t) {
    store().insert(t);
    return t;
  }

  @Test
  void insert_thenFind_roundTripsEveryField() {
    Client c = db().client(db().account(), "read", "write");
    OAuth1Token t = inserted(request(hash(), c, TestDatabase.now()));
    assertThat(store().find(t.hash())).contains(t);
    assertThat(store().find(hash())).isEmpty();
  }

  @Test
  void authorize_onlyAPendingUnexpiredRequestToken_once() {
    Account a = db().account();
    Client c = db().client(a, "read");
    Instant now = TestDatabase.now();
    OAuth1Token t = inserted(request(hash(), c, now));
    assertThat(store().authorize(t.hash(), a.id(), "verifier-hash", now.plus(Duration.ofMinutes(11)))).as("expired").isFalse();
    assertThat(store().authorize(t.hash(), a.id(), "verifier-hash", now)).isTrue();
    OAuth1Token authorized = store().find(t.hash()).orElseThrow();
    assertThat(authorized.state()).isEqualTo(OAuth1Token.State.AUTHORIZED);
    assertThat(authorized.accountId()).isEqualTo(a.id());
    assertThat(authorized.verifierHash()).isEqualTo("verifier-hash");
    assertThat(store().authorize(t.hash(), a.id(), "other", now)).as("no longer pending").isFalse();
    assertThat(store().deny(t.hash())).as("no longer pending").isFalse();
  }

  @Test
  void deny_aPendingToken_once() {
    Client c = db().client(db().account(), "read");
    OAuth1Token t = inserted(request(hash(), c, TestDatabase.now()));
    assertThat(store().deny(t.hash())).isTrue();
    assertThat(store().find(t.hash()).orElseThrow().state()).isEqualTo(OAuth1Token.State.DENIED);
    assertThat(store().deny(t.hash())).isFalse();
  }

  @Test
  void consume_deletesARequestTokenOnce_neverAnAccessToken() {
    Account a = db().account();
    Client c = db().client(a, "read");
    Instant now = TestDatabase.now();
    OAuth1Token req = request(hash(), c, now);
    OAuth1Token acc = access(hash(), c, a, Set.of("read"), now);
    store().insert(req);
    store().insert(acc);
    assertThat(store().consume(req.hash())).isTrue();
    assertThat(store().consume(req.hash())).isFalse();
    assertThat(store().find(req.hash())).isEmpty();
    assertThat(store().consume(acc.hash())).isFalse();
    assertThat(store().find(acc.hash())).contains(acc);
  }

  @Test
  void exchange_onlyAnAuthorizedRequestToken_once() {
    Account a = db().account();
    Client c = db().client(a, "read", "write");
    Instant now = TestDatabase.now();
    OAuth1Token req = inserted(request(hash(), c, now));
    OAuth1Token acc = access(hash(), c, a, Set.of("read", "write"), now);
    assertThat(store().exchange(req.hash(), acc)).as("still pending").isFalse();
    assertThat(store().find(acc.hash())).isEmpty();
    assertThat(store().authorize(req.hash(), a.id(), "v", now)).isTrue();
    assertThat(store().exchange(req.hash(), acc)).isTrue();
    assertThat(store().find(req.hash())).isEmpty();
    assertThat(store().find(acc.hash())).contains(acc);
    assertThat(store().exchange(req.hash(), access(hash(), c, a, Set.of(), now))).as("already used").isFalse();
  }

  @Test
  void revoke_deletesTheAccountsTokensForTheClient_andAnswersTheirHashes() {
    Account a = db().account();
    Account other = db().account();
    Client c = db().client(a, "read");
    Client c2 = db().client(a, "read");
    Instant now = TestDatabase.now();
    OAuth1Token t1 = access(hash(), c, a, Set.of("read"), now);
    OAuth1Token t2 = access(hash(), c, a, Set.of(), now);
    OAuth1Token keptOtherClient = access(hash(), c2, a, Set.of("read"), now);
    OAuth1Token keptOtherAccount = access(hash(), c, other, Set.of("read"), now);
    for (OAuth1Token t : new OAuth1Token[] {t1, t2, keptOtherClient, keptOtherAccount}) {
      store().insert(t);
    }
    assertThat(store().revoke(a.id(), c.clientKey())).containsExactlyInAnyOrder(t1.hash(), t2.hash());
    assertThat(store().find(t1.hash())).isEmpty();
    assertThat(store().find(t2.hash())).isEmpty();
    assertThat(store().find(keptOtherClient.hash())).contains(keptOtherClient);
    assertThat(store().find(keptOtherAccount.hash())).contains(keptOtherAccount);
    assertThat(store().revoke(a.id(), c.clientKey())).isEmpty();
  }

  @Test
  void authorizations_unionOfScopesPerActiveClient_oldestFirst() {
    Account a = db().account();
    Client first = db().client(a, "read", "write");
    Client second = db().client(a, "read");
    Client revoked = db().client(a, "read");
    Instant now = TestDatabase.now();
    store().insert(access(hash(), first, a, Set.of("read"), now.minusSeconds(30)));
    store().insert(access(hash(), second, a, Set.of(), now.minusSeconds(20)));
    store().insert(access(hash(), first, a, Set.of("write"), now.minusSeconds(10)));
    store().insert(access(hash(), revoked, a, Set.of("read"), now));
    store().insert(request(hash(), first, now));
    db().store().revokeClient(revoked.clientKey());
    assertThat(store().authorizations(a.id())).containsExactly(
        new OAuth1Store.Authorization(first.clientKey(), Set.of("read", "write"), now.minusSeconds(30)),
        new OAuth1Store.Authorization(second.clientKey(), Set.of(), now.minusSeconds(20)));
    assertThat(store().authorizations(db().account().id())).isEmpty();
  }

  @Test
  void purgeExpired_onlyRequestTokensExpiredBeforeTheCutoff() {
    Account a = db().account();
    Client c = db().client(a, "read");
    Instant now = TestDatabase.now();
    OAuth1Token old = request(hash(), c, now.minus(Duration.ofHours(1)));
    OAuth1Token live = request(hash(), c, now);
    OAuth1Token acc = access(hash(), c, a, Set.of("read"), now.minus(Duration.ofDays(1)));
    store().insert(old);
    store().insert(live);
    store().insert(acc);
    assertThat(store().purgeExpired(now)).isGreaterThanOrEqualTo(1);
    assertThat(store().find(old.hash())).isEmpty();
    assertThat(store().find(live.hash())).contains(live);
    assertThat(store().find(acc.hash())).contains(acc);
  }

  @Test
  void rsaKey_put_replace_delete() {
    String key = db().client(db().account(), "read").clientKey();
    Instant now = TestDatabase.now();
    assertThat(store().rsaKey(key)).isEmpty();
    store().putRsaKey(key, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", now);
    assertThat(store().rsaKey(key)).contains("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
    store().putRsaKey(key, "-----BEGIN PUBLIC KEY-----\nBBBB\n-----END PUBLIC KEY-----\n", now);
    assertThat(store().rsaKey(key)).contains("-----BEGIN PUBLIC KEY-----\nBBBB\n-----END PUBLIC KEY-----\n");
    assertThat(store().deleteRsaKey(key)).isTrue();
    assertThat(store().rsaKey(key)).isEmpty();
    assertThat(store().deleteRsaKey(key)).isFalse();
  }
}
