package portcullis.core;

import java.util.Objects;
import java.util.Set;

/**
 * Who a successful authentication says the caller is.
 *
 * @param accountId the account whose data the request acts on
 * @param clientKey the client (app) that made the request, or {@code null} for account-only Basic
 * @param scheme the id of the scheme that authenticated the request ("basic", "digest", ...)
 * @param scopes the scopes granted to this request
 * @param tokenId the id of the token used, or {@code null} when the scheme has no token
 */
public record Identity(String accountId, String clientKey, String scheme, Set<String> scopes, String tokenId) {
  public Identity {
    Objects.requireNonNull(accountId, "accountId == null");
    Objects.requireNonNull(scheme, "scheme == null");
    scopes = Set.copyOf(scopes);
  }

  /** The scopes as one space-separated string, sorted, as sent in {@code X-Portcullis-Scopes}. */
  public String scopeString() {
    int n = scopes.size();
    if (n == 0) {
      return "";
    }
    if (n == 1) {
      return scopes.iterator().next();
    }
    String[] sorted = scopes.toArray(new String[n]); // on every forwarded request: no TreeSet
    java.util.Arrays.sort(sorted);
    return String.join(" ", sorted);
  }
}
