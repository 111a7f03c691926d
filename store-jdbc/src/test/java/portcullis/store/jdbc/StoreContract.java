package portcullis.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import portcullis.core.crypto.Passwords;
import portcullis.core.store.AccountStatus;
import portcullis.core.store.ClientStatus;
import portcullis.core.store.NewClient;
import portcullis.core.store.Store;

/** The store's contract, run against every backend (H2 and PostgreSQL). */
abstract class StoreContract {
  abstract Store store();

  static String uniqueEmail(String local) {
    return local + "+" + UUID.randomUUID().toString().substring(0, 8) + "@mail.example.co.uk";
  }

  @Test
  void createAccount_roundTripsEmailWithPlusAndSubdomain() {
    String email = uniqueEmail("First.Last");
    var a = store().createAccount(UUID.randomUUID().toString(), email, Passwords.hash("correct horse"));
    assertThat(a.status()).isEqualTo(AccountStatus.ACTIVE);
    var byId = store().accountById(a.id()).orElseThrow();
    assertThat(byId.email()).isEqualTo(email);
    assertThat(store().accountByEmail(email.toUpperCase()).orElseThrow().id()).isEqualTo(a.id());
    assertThat(Passwords.verify("correct horse", byId.passwordHash())).isTrue();
    assertThat(Passwords.verify("wrong horse", byId.passwordHash())).isFalse();
  }

  @Test
  void createAccount_duplicateEmailIgnoringCase() {
    String email = uniqueEmail("dup");
    store().createAccount(UUID.randomUUID().toString(), email, "h");
    assertThatThrownBy(() -> store().createAccount(UUID.randomUUID().toString(), email.toUpperCase(), "h"))
        .isInstanceOf(Store.DuplicateException.class);
  }

  @Test
  void updateAccountStatus_andPassword() {
    var a = store().createAccount(UUID.randomUUID().toString(), uniqueEmail("s"), "h1");
    assertThat(store().updateAccountStatus(a.id(), AccountStatus.LOCKED).orElseThrow().status())
        .isEqualTo(AccountStatus.LOCKED);
    assertThat(store().updatePassword(a.id(), "h2").orElseThrow().passwordHash()).isEqualTo("h2");
    assertThat(store().updateAccountStatus("no-such-id", AccountStatus.ACTIVE)).isEmpty();
    assertThat(store().accountById("no-such-id")).isEmpty();
  }

  @Test
  void clients_createRotateRevoke() {
    var a = store().createAccount(UUID.randomUUID().toString(), uniqueEmail("c"), "h");
    String key = "k" + UUID.randomUUID().toString().replace("-", "");
    var c = store().createClient(new NewClient(key, a.id(), "My app", Set.of("read", "products:write"), false, "s3cret-1"));
    assertThat(c.secret()).isEqualTo("s3cret-1");
    assertThat(c.scopes()).containsExactlyInAnyOrder("read", "products:write");
    assertThat(c.status()).isEqualTo(ClientStatus.ACTIVE);
    assertThat(store().clientsOf(a.id())).extracting(x -> x.clientKey()).containsExactly(key);

    Instant until = Instant.now().plusSeconds(3600);
    var rotated = store().rotateSecret(key, "s3cret-2", until).orElseThrow();
    assertThat(rotated.secret()).isEqualTo("s3cret-2");
    assertThat(rotated.previousSecret()).isEqualTo("s3cret-1");
    assertThat(rotated.secretsAt(Instant.now())).containsExactly("s3cret-2", "s3cret-1");
    assertThat(rotated.secretsAt(until.plusSeconds(1))).containsExactly("s3cret-2");

    assertThat(store().revokeClient(key).orElseThrow().status()).isEqualTo(ClientStatus.REVOKED);
    assertThat(store().rotateSecret(key, "s3", until)).isEmpty();
    assertThat(store().client("nope")).isEmpty();
    assertThat(store().clientsOf("nobody")).isEqualTo(List.of());
  }

  @Test
  void secretsAreEncryptedAtRest() throws Exception {
    var a = store().createAccount(UUID.randomUUID().toString(), uniqueEmail("e"), "h");
    String key = "k" + UUID.randomUUID().toString().replace("-", "");
    store().createClient(new NewClient(key, a.id(), "x", Set.of(), false, "plain-secret-value"));
    String raw = ((JdbcStore) store()).inTransaction(c -> {
      try (var ps = c.prepareStatement("SELECT secret_enc FROM clients WHERE client_key = ?")) {
        ps.setString(1, key);
        try (var rs = ps.executeQuery()) {
          rs.next();
          return rs.getString(1);
        }
      }
    });
    assertThat(raw).startsWith("v1:").doesNotContain("plain-secret-value");
  }

  @Test
  void ping_answers() {
    store().ping();
  }
}
