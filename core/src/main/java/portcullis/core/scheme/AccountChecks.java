package portcullis.core.scheme;

import java.util.Optional;
import java.util.Set;
import portcullis.core.Directory;
import portcullis.core.Failure;
import portcullis.core.Gateway;
import portcullis.core.Identity;
import portcullis.core.RequestView;
import portcullis.core.Result;
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
   * Checks the presence and existence of the client key before any password work: the client the
   * key names (empty when none was sent and the route does not require one), or the failure.
   */
  public static Result<Optional<Client>> preCheckClient(String key, RoutePolicy route, Directory dir) {
    if (key == null) {
      return route.clientKey() == RoutePolicy.ClientKeyMode.REQUIRED ? Result.reject(D.noAppKey()) : Result.ok(Optional.empty());
    }
    if (key.length() > 256) {
      return Result.reject(D.badCredentials("The client key is not valid.", "client key too long"));
    }
    Optional<Client> client = dir.client(key);
    if (client.isEmpty() || !client.get().active()) {
      return Result.reject(D.badCredentials("The client key is unknown or has been revoked.",
          client.isEmpty() ? "unknown client key" : "revoked client " + key));
    }
    return Result.ok(client);
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
   * the client's public flag and owner; the identity of the request that may pass, or the failure.
   */
  public static Result<Identity> afterCredentials(Account account, Client client, String schemeName, String schemeId) {
    Failure f = accountStatus(account);
    if (f == null && client != null) {
      f = clientForAccount(client, account, schemeName);
    }
    if (f != null) {
      return Result.reject(f);
    }
    return Result.ok(client == null
        ? new Identity(account.id(), null, schemeId, Set.of(), null)
        : new Identity(account.id(), client.clientKey(), schemeId, client.scopes(), null));
  }
}
