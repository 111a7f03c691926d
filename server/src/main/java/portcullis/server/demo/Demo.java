package portcullis.server.demo;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import portcullis.core.crypto.Crypto;
import portcullis.core.crypto.Passwords;
import portcullis.core.store.Account;
import portcullis.core.store.Client;
import portcullis.core.store.NewClient;
import portcullis.core.store.PasswordListener;
import portcullis.core.store.Store;
import portcullis.server.config.Settings;

/** The demo's data (created once, found again on later runs) and the banner of curl lines. */
public final class Demo {
  public static final String EMAIL = "aladdin@example.com";
  public static final String PASSWORD = "open sesame";
  public static final String OTHER_EMAIL = "jasmine@example.com";
  public static final String OTHER_PASSWORD = "magic carpet";
  public static final String INTERNAL_APP = "Aladdin's internal tool";
  public static final String PUBLIC_APP = "Lamp Explorer (public)";
  public static final String OTHER_APP = "Jasmine's app";

  private Demo() {}

  /** What the demo created or found. */
  public record Seeded(Account account, Client internal, Client publicApp, Account other, Client otherApp) {}

  /**
   * The demo's values as shell assignments ({@code source demo-data/demo.env}), so the README's lines
   * work pasted as they are: BASE, EMAIL, PASSWORD, ACCOUNT_ID, KEY, SECRET, PUBLIC_KEY, PUBLIC_SECRET,
   * OTHER_KEY, ADMIN_TOKEN.
   */
  public static String env(Settings s, int port, String advertiseUrl, Seeded d) {
    String base = advertiseUrl != null && !advertiseUrl.isBlank() ? advertiseUrl.replaceAll("/+$", "")
        : "http://" + (s.host().equals("0.0.0.0") ? "127.0.0.1" : s.host()) + ":" + port;
    StringBuilder b = new StringBuilder("# written by portcullis demo: source it to paste the README's lines\n");
    String[][] vars = {{"BASE", base}, {"EMAIL", EMAIL}, {"PASSWORD", PASSWORD}, {"ACCOUNT_ID", d.account().id()},
        {"KEY", d.internal().clientKey()}, {"SECRET", d.internal().secret()}, {"PUBLIC_KEY", d.publicApp().clientKey()},
        {"PUBLIC_SECRET", d.publicApp().secret()}, {"OTHER_KEY", d.otherApp().clientKey()}, {"ADMIN_TOKEN", s.adminToken()}};
    for (String[] v : vars) {
      b.append("export ").append(v[0]).append("='").append(v[1].replace("'", "'\\''")).append("'\n");
    }
    return b.toString();
  }

  /**
   * Creates the demo data, or finds it again. {@code passwords} is told each demo password that is
   * (still) set, so that schemes deriving values from passwords (Digest's HA1) have them.
   */
  public static Seeded seed(Store store, PasswordListener passwords) {
    Account a = account(store, EMAIL, PASSWORD, passwords);
    Account o = account(store, OTHER_EMAIL, OTHER_PASSWORD, passwords);
    return new Seeded(a, client(store, a, INTERNAL_APP, Set.of("read", "write"), false),
        client(store, a, PUBLIC_APP, Set.of("read"), true), o, client(store, o, OTHER_APP, Set.of("read"), false));
  }

  private static Account account(Store store, String email, String password, PasswordListener passwords) {
    Optional<Account> found = store.accountByEmail(email);
    Account a = found.orElseGet(() -> store.createAccount(UUID.randomUUID().toString(), email, Passwords.hash(password)));
    if (found.isEmpty() || Passwords.verify(password, a.passwordHash())) {
      passwords.passwordSet(a, password);
    }
    return a;
  }

  private static Client client(Store store, Account owner, String name, Set<String> scopes, boolean isPublic) {
    Optional<Client> found = store.clientsOf(owner.id()).stream()
        .filter(c -> c.name().equals(name) && c.active()).findFirst();
    return found.orElseGet(() -> store.createClient(
        new NewClient(Crypto.randomBase62(NewClient.KEY_LENGTH), owner.id(), name, scopes, isPublic,
            Crypto.randomBase62(NewClient.SECRET_LENGTH))));
  }

  /** The demo banner; its curl lines call {@code advertiseUrl} when given (a load balancer), else this node. */
  public static String banner(Settings s, int port, String advertiseUrl, Seeded d,
      java.util.List<portcullis.server.module.GatewayModule> modules) {
    String base = advertiseUrl != null && !advertiseUrl.isBlank() ? advertiseUrl.replaceAll("/+$", "")
        : "http://" + (s.host().equals("0.0.0.0") ? "127.0.0.1" : s.host()) + ":" + port;
    String key = d.internal().clientKey();
    String user = "'" + EMAIL + ":" + PASSWORD + "'";
    StringBuilder b = new StringBuilder();
    b.append("\nPortcullis demo is running on ").append(base).append("  (Ctrl-C stops it; data in ").append(s.dataDir()).append(")\n\n");
    b.append("Demo account   ").append(EMAIL).append(" / ").append(PASSWORD).append("   id ").append(d.account().id()).append('\n');
    b.append("Internal app   client_key ").append(key).append("   client_secret ").append(d.internal().secret())
        .append("   scopes read write\n");
    b.append("Public app     client_key ").append(d.publicApp().clientKey()).append("   (OAuth 1.0a only)\n");
    b.append("Other account  ").append(OTHER_EMAIL).append(" / ").append(OTHER_PASSWORD)
        .append("   its app's client_key ").append(d.otherApp().clientKey()).append('\n');
    b.append("Admin token    ").append(s.adminToken()).append("\n");
    b.append("Developer portal ").append(base).append("/developers   (sign up, register an app, get its key and secret;"
        + " sign in as the demo account to see its apps)\n\n");
    b.append("Try it:\n\n");
    b.append("# Basic + client key in the X-Client-Key header (seed 000)\n");
    b.append("curl -u ").append(user).append(" -H 'X-Client-Key: ").append(key).append("' ").append(base).append("/v2/whoami\n\n");
    b.append("# Basic + client key in the query string\n");
    b.append("curl -u ").append(user).append(" '").append(base).append("/v2/products?client_key=").append(key).append("'\n\n");
    b.append("# No client key: 400 \"Must give an app key ...\"\n");
    b.append("curl -u ").append(user).append(' ').append(base).append("/v2/whoami\n\n");
    b.append("# Someone else's client key: 403\n");
    b.append("curl -u ").append(user).append(" -H 'X-Client-Key: ").append(d.otherApp().clientKey()).append("' ").append(base).append("/v2/whoami\n\n");
    b.append("# Dashboard credentials, no client key (seed 002)\n");
    b.append("curl -u ").append(user).append(' ').append(base).append("/api/dashboard/whoami\n\n");
    var info = new portcullis.server.module.DemoInfo(base, s.adminToken(), d);
    for (var m : modules) {
      b.append(m.demoSection(info));
    }
    b.append("# Admin API: lock the account, then any call above answers 403 \"No API Access\"\n");
    b.append("curl -X PATCH -H 'Authorization: Bearer ").append(s.adminToken()).append("' -H 'Content-Type: application/json' \\\n")
        .append("     -d '{\"status\":\"locked\"}' ").append(base).append("/admin/accounts/").append(d.account().id()).append('\n');
    b.append("curl -X PATCH -H 'Authorization: Bearer ").append(s.adminToken()).append("' -H 'Content-Type: application/json' \\\n")
        .append("     -d '{\"status\":\"active\"}' ").append(base).append("/admin/accounts/").append(d.account().id()).append('\n');
    return b.toString();
  }
}
