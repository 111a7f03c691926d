package portcullis.server.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import portcullis.core.store.Account;
import portcullis.core.store.Client;

/** How the admin API shows accounts and clients (never a secret or a password hash), and what it refuses in text. */
final class AdminJson {
  private AdminJson() {}

  /** Control characters (Basic credentials refuse them, so passwords must not contain them). */
  static boolean hasControl(String s) {
    return s.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f);
  }

  static JsonObject account(Account a) {
    return new JsonObject().put("id", a.id()).put("email", a.email()).put("status", a.status().wire())
        .put("created_at", a.createdAt() == null ? null : a.createdAt().toString());
  }

  static JsonObject client(Client c) {
    return new JsonObject().put("client_key", c.clientKey()).put("name", c.name())
        .put("scopes", new JsonArray(c.scopes().stream().sorted().toList())).put("public", c.isPublic())
        .put("owner", c.ownerAccountId()).put("status", c.status().name().toLowerCase(java.util.Locale.ROOT))
        .put("created_at", c.createdAt() == null ? null : c.createdAt().toString())
        .put("rate_limit", c.rateLimit() == null ? null
            : new JsonObject().put("requests", c.rateLimit().requests()).put("window_seconds", c.rateLimit().window().toSeconds()));
  }
}
