package portcullis.bench;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import portcullis.core.Directory;
import portcullis.core.RequestView;
import portcullis.core.RoutePolicy;
import portcullis.core.Scheme;
import portcullis.core.dialect.Seed000Dialect;
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

  /** A directory holding {@link #ACCOUNT} (with {@code password}) and {@link #CLIENT}: every answer "cached". */
  public static Directory directory(String password) {
    BenchDirectory d = new BenchDirectory();
    d.add(ACCOUNT, password);
    d.clients.put(CLIENT.clientKey(), CLIENT);
    return d;
  }

  public static RoutePolicy route(Scheme scheme) {
    return new RoutePolicy("bench", List.of(scheme), RoutePolicy.ClientKeyMode.REQUIRED, Set.of(), Seed000Dialect.INSTANCE,
        "Bench", Map.of());
  }

  /** A GET request for {@code pathAndQuery} with the given headers (name, value, ...). */
  public static RequestView get(String pathAndQuery, String... headers) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < headers.length; i += 2) {
      m.put(headers[i], headers[i + 1]);
    }
    int q = pathAndQuery.indexOf('?');
    return BenchRequest.of("GET", q < 0 ? pathAndQuery : pathAndQuery.substring(0, q),
        q < 0 ? "" : pathAndQuery.substring(q + 1), new byte[0], m);
  }
}
