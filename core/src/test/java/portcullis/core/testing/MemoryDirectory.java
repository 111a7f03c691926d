package portcullis.core.testing;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import portcullis.core.Directory;
import portcullis.core.RequestView;
import portcullis.core.store.Account;
import portcullis.core.store.AccountStatus;
import portcullis.core.store.Client;
import portcullis.core.store.ClientStatus;

/** A hand-written in-memory {@link Directory} for unit tests; passwords compared in the clear. */
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

  public Client client(String key, String secret, Account owner, Set<String> scopes, ClientStatus status) {
    Client c = new Client(key, owner.id(), "app", scopes, false, status, secret, null, null, Instant.EPOCH);
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

  @Override
  public boolean passwordMatches(Account account, String password) {
    return account != null && password.equals(passwords.get(account.id()));
  }

  /** A request with the given headers (name, value, ...), method, path, query and body. */
  public static RequestView request(String method, String path, String query, byte[] body, String... headers) {
    return new RequestView() {
      @Override
      public String method() {
        return method;
      }

      @Override
      public String path() {
        return path;
      }

      @Override
      public String rawQuery() {
        return query;
      }

      @Override
      public String header(String name) {
        for (int i = 0; i < headers.length; i += 2) {
          if (headers[i].equalsIgnoreCase(name)) {
            return headers[i + 1];
          }
        }
        return null;
      }

      @Override
      public java.util.List<String> headers(String name) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < headers.length; i += 2) {
          if (headers[i].equalsIgnoreCase(name)) {
            out.add(headers[i + 1]);
          }
        }
        return out;
      }

      @Override
      public String queryParam(String name) {
        return null;
      }

      @Override
      public byte[] body() {
        return body;
      }
    };
  }
}
