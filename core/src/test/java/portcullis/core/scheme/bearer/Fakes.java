package portcullis.core.scheme.bearer;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import portcullis.core.Directory;
import portcullis.core.RequestView;
import portcullis.core.internal.Form;
import portcullis.core.store.Account;
import portcullis.core.store.AccountStatus;
import portcullis.core.store.Client;
import portcullis.core.store.ClientStatus;

/** Hand-written fakes for the bearer unit tests: a request, an in-memory directory, a movable clock. */
final class Fakes {
  private Fakes() {}

  static final class Clock implements InstantSource {
    Instant now = Instant.parse("2026-11-22T10:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    void advance(long seconds) {
      now = now.plusSeconds(seconds);
    }
  }

  static final class Request implements RequestView {
    final String method;
    final String query;
    final Map<String, List<String>> headers = new HashMap<>();
    final byte[] body;

    Request(String method, String query, byte[] body, String... headerPairs) {
      this.method = method;
      this.query = query;
      this.body = body;
      for (int i = 0; i < headerPairs.length; i += 2) {
        headers.computeIfAbsent(headerPairs[i].toLowerCase(), k -> new ArrayList<>()).add(headerPairs[i + 1]);
      }
    }

    static Request get(String... headers) {
      return new Request("GET", "", new byte[0], headers);
    }

    @Override
    public String method() {
      return method;
    }

    @Override
    public String path() {
      return "/api/whoami";
    }

    @Override
    public String rawQuery() {
      return query;
    }

    @Override
    public String header(String name) {
      List<String> v = headers.get(name.toLowerCase());
      return v == null ? null : v.get(0);
    }

    @Override
    public List<String> headers(String name) {
      return headers.getOrDefault(name.toLowerCase(), List.of());
    }

    @Override
    public String queryParam(String name) {
      return Form.first(query, name);
    }

    @Override
    public byte[] body() {
      return body;
    }
  }

  static final class Dir implements Directory {
    final Map<String, Account> accounts = new HashMap<>();
    final Map<String, Client> clients = new HashMap<>();

    Account account(String id, AccountStatus status) {
      Account a = new Account(id, id + "@example.com", "x", status, Instant.EPOCH);
      accounts.put(id, a);
      return a;
    }

    Client client(String key, String secret, String owner, Set<String> scopes, boolean isPublic, ClientStatus status) {
      Client c = new Client(key, owner, "app", scopes, isPublic, status, secret, null, null, Instant.EPOCH);
      clients.put(key, c);
      return c;
    }

    @Override
    public Optional<Account> accountByEmail(String email) {
      return accounts.values().stream().filter(a -> a.email().equals(email)).findFirst();
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
      return false;
    }
  }
}
