package portcullis.core.scheme;

import java.util.Optional;
import portcullis.core.Directory;
import portcullis.core.Failure;
import portcullis.core.Gateway;
import portcullis.core.RequestView;
import portcullis.core.RoutePolicy;
import portcullis.core.dialect.Seed000Dialect;
import portcullis.core.store.Account;
import portcullis.core.store.Client;

/**
 * The client-key rules shared by account-credential schemes (Basic, Digest), seeds 000/001: where
 * the key is read from, and the 400/401/403 answers when it is missing, unknown, public, or owned by
 * another account; and the account-status answers. Stateless.
 */
public final class AccountChecks {
  /** Header names carrying the client key, preferred first. */
  public static final String[] KEY_HEADERS = Gateway.CLIENT_KEY_HEADERS.toArray(String[]::new);
  /** Query parameters carrying the client key, preferred first. */
  public static final String[] KEY_PARAMS = Gateway.CLIENT_KEY_PARAMS.toArray(String[]::new);

  private static final Seed000Dialect D = Seed000Dialect.INSTANCE;

  private AccountChecks() {}

  /** The client key sent with the request, or {@code null}. */
  public static String clientKey(RequestView request) {
    for (String h : KEY_HEADERS) {
      String v = request.header(h);
      if (v != null && !v.isBlank()) {
        return v.trim();
      }
    }
    for (String p : KEY_PARAMS) {
      String v = request.queryParam(p);
      if (v != null && !v.isBlank()) {
        return v.trim();
      }
    }
    return null;
  }

  /**
   * Checks the presence and existence of the client key before any password work. Returns the
   * failure, or null when the key is acceptable so far (or not needed); {@code holder[0]} receives
   * the client when one was given.
   */
  public static Failure preCheckClient(String key, RoutePolicy route, Directory dir, Client[] holder) {
    if (key == null) {
      return route.clientKey() == RoutePolicy.ClientKeyMode.REQUIRED ? D.noAppKey() : null;
    }
    if (key.length() > 256) {
      return D.badCredentials("The client key is not valid.", "client key too long");
    }
    Optional<Client> client = dir.client(key);
    if (client.isEmpty() || !client.get().active()) {
      return D.badCredentials("The client key is unknown or has been revoked.",
          client.isEmpty() ? "unknown client key" : "revoked client " + key);
    }
    holder[0] = client.get();
    return null;
  }

  /** The seed 403 for a non-active account, or null when the account is active. */
  public static Failure accountStatus(Account account) {
    return D.inactiveAccount(account);
  }

  /** The 403s for a client that may not be used with account credentials by this account. */
  public static Failure clientForAccount(Client client, Account account, String schemeName) {
    if (client.isPublic()) {
      return D.forbidden("public_client", "Public clients must use OAuth 1.0a",
          "This client_key belongs to a public app; public apps must use OAuth 1.0a, never " + schemeName + ".",
          "public client " + client.clientKey() + " used with " + schemeName);
    }
    if (!client.ownerAccountId().equals(account.id())) {
      return D.forbidden("foreign_client", "Client key not valid for this account",
          "The client_key was created by another account. Use a client_key created by the authenticated account, or OAuth 1.0a.",
          "client " + client.clientKey() + " owned by " + client.ownerAccountId() + ", not " + account.id());
    }
    return null;
  }

  /**
   * The checks once the credentials verified: account status, then (when a client key was given)
   * the client's public flag and owner. Returns the failure, or null when the request may pass.
   */
  public static Failure afterCredentials(Account account, Client client, String schemeName) {
    Failure f = accountStatus(account);
    if (f != null || client == null) {
      return f;
    }
    return clientForAccount(client, account, schemeName);
  }
}
