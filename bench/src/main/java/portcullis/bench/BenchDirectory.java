package portcullis.bench;

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

/** An in-memory directory and request view for benchmarks (what the gateway's caches answer on a hit). */
final class BenchDirectory implements Directory {
  final Map<String, Account> accounts = new ConcurrentHashMap<>();
  final Map<String, Client> clients = new ConcurrentHashMap<>();

  Account account(String id) {
    Account a = new Account(id, id + "@example.com", "x", AccountStatus.ACTIVE, Instant.EPOCH);
    accounts.put(id, a);
    return a;
  }

  Client client(String key, String secret, Account owner) {
    Client c = new Client(key, owner.id(), "bench", Set.of("read"), false, ClientStatus.ACTIVE, secret, null, null, Instant.EPOCH);
    clients.put(key, c);
    return c;
  }

  @Override
  public Optional<Account> accountById(String id) {
    return Optional.ofNullable(accounts.get(id));
  }

  @Override
  public Optional<Client> client(String clientKey) {
    return Optional.ofNullable(clients.get(clientKey));
  }

  final Map<String, String> passwords = new ConcurrentHashMap<>();
  final Map<String, Account> byEmail = new ConcurrentHashMap<>();

  /** Adds an existing account with its password (compared in the clear: a benchmark fixture). */
  Account add(Account a, String password) {
    accounts.put(a.id(), a);
    byEmail.put(a.email().toLowerCase(java.util.Locale.ROOT), a);
    passwords.put(a.id(), password);
    return a;
  }

  @Override
  public Optional<Account> accountByEmail(String email) {
    return Optional.ofNullable(byEmail.get(email.toLowerCase(java.util.Locale.ROOT)));
  }

  @Override
  public boolean passwordMatches(Account account, String password) {
    return account != null && password.equals(passwords.get(account.id()));
  }
}
