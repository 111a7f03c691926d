package portcullis.bench;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import portcullis.core.Directory;
import portcullis.core.RequestView;
import portcullis.core.RoutePolicy;
import portcullis.core.Scheme;
import portcullis.core.dialect.Seed000Dialect;
import portcullis.core.internal.Form;
import portcullis.core.store.Account;
import portcullis.core.store.AccountStatus;
import portcullis.core.store.Client;
import portcullis.core.store.ClientStatus;

/** In-memory request views and directories for the code-path benchmarks (no HTTP, no database). */
public final class Fixtures {
  private Fixtures() {}

  public static final Account ACCOUNT = new Account("acc-1", "aladdin@example.com", "$argon2id$cached", AccountStatus.ACTIVE, Instant.EPOCH);
  public static final Client CLIENT = new Client("0fslSjzEo3F4Y0MK8ZF9Qfl4", "acc-1", "bench", Set.of("read", "write"), false,
      ClientStatus.ACTIVE, "gwlE6x2GBEE1ACQlcXl9xIYvHug76nCB6I7vprkw", null, null, Instant.EPOCH);

  /** A directory whose answers are all "cached": the password check is the verified-credential hit. */
  public static Directory directory(String password) {
    return new Directory() {
      @Override
      public Optional<Account> accountByEmail(String email) {
        return email.equalsIgnoreCase(ACCOUNT.email()) ? Optional.of(ACCOUNT) : Optional.empty();
      }

      @Override
      public Optional<Account> accountById(String id) {
        return id.equals(ACCOUNT.id()) ? Optional.of(ACCOUNT) : Optional.empty();
      }

      @Override
      public Optional<Client> client(String clientKey) {
        return clientKey.equals(CLIENT.clientKey()) ? Optional.of(CLIENT) : Optional.empty();
      }

      @Override
      public boolean passwordMatches(Account account, String pw) {
        return account != null && portcullis.core.crypto.Crypto.constantTimeEquals(pw, password);
      }
    };
  }

  public static RoutePolicy route(Scheme scheme) {
    return new RoutePolicy("bench", List.of(scheme), RoutePolicy.ClientKeyMode.REQUIRED, Set.of(), Seed000Dialect.INSTANCE,
        "Bench", Map.of());
  }

  /** A request view over fixed values. */
  public record Request(String method, String path, String rawQuery, Map<String, List<String>> headerMap, byte[] body)
      implements RequestView {
    public static Request get(String pathAndQuery, String... headers) {
      Map<String, List<String>> m = new HashMap<>();
      for (int i = 0; i < headers.length; i += 2) {
        m.computeIfAbsent(headers[i].toLowerCase(), k -> new java.util.ArrayList<>()).add(headers[i + 1]);
      }
      int q = pathAndQuery.indexOf('?');
      return new Request("GET", q < 0 ? pathAndQuery : pathAndQuery.substring(0, q), q < 0 ? "" : pathAndQuery.substring(q + 1), m, new byte[0]);
    }

    @Override
    public String header(String name) {
      List<String> v = headerMap.get(name.toLowerCase());
      return v == null ? null : v.get(0);
    }

    @Override
    public List<String> headers(String name) {
      return headerMap.getOrDefault(name.toLowerCase(), List.of());
    }

    @Override
    public String queryParam(String name) {
      return Form.first(rawQuery, name);
    }
  }
}
