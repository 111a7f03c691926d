package portcullis.core.testing;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import portcullis.core.Directory;
import portcullis.core.store.Account;
import portcullis.core.store.AccountStatus;
import portcullis.core.store.Client;
import portcullis.core.store.ClientStatus;

/**
 * The one in-memory {@link Directory} of the unit tests; passwords compared in the clear (an
 * account made without one matches no password).
 */
public final class MemoryDirectory implements Directory {
  public final Map<String, Account> accounts = new ConcurrentHashMap<>();
  public final Map<String, Client> clients = new ConcurrentHashMap<>();
  private final Map<String, String> passwords = new ConcurrentHashMap<>();

  public Account account(String id, String email, String password, AccountStatus status) {
    Account a = new Account(id, email, "hash-" + id, status, Instant.EPOCH);
    accounts.put(id, a);
    passwords.put(id, password);
    return a;
  }

  /** An account {@code id} with e-mail {@code id@example.com} and no password. */
  public Account account(String id, AccountStatus status) {
    Account a = new Account(id, id + "@example.com", "x", status, Instant.EPOCH);
    accounts.put(id, a);
    passwords.remove(id);
    return a;
  }

  public Client client(String key, String secret, Account owner, Set<String> scopes, ClientStatus status) {
    return client(key, secret, owner.id(), scopes, false, status);
  }

  public Client client(String key, String secret, String ownerId, Set<String> scopes, boolean isPublic, ClientStatus status) {
    Client c = new Client(key, ownerId, "app", scopes, isPublic, status, secret, null, null, Instant.EPOCH);
    clients.put(key, c);
    return c;
  }

  @Override
  public Optional<Account> accountByEmail(String email) {
    return accounts.values().stream().filter(a -> a.email().equalsIgnoreCase(email)).findFirst();
  }

  @Override
  public Optional<Account> accountById(String id) {
    return Optional.ofNullable(accounts.get(id));
  }

  @Override
  public Optional<Client> client(String clientKey) {
    return Optional.ofNullable(clients.get(clientKey));
  }

  private boolean mayBlock = true;

  /** This directory, as the gateway's fast-path view: stores called with it may not block. */
  public MemoryDirectory nonBlocking() {
    mayBlock = false;
    return this;
  }

  @Override
  public boolean mayBlock() {
    return mayBlock;
  }

  @Override
  public boolean passwordMatches(Account account, String password) {
    return account != null && password.equals(passwords.get(account.id()));
  }
}
