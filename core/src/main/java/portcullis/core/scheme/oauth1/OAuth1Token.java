package portcullis.core.scheme.oauth1;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A stored OAuth 1.0a token, as the store hands it back (secret decrypted). Looked up by the SHA-256
 * of the token value; neither the value nor the secret is rendered by {@link #toString()}.
 *
 * @param hash lowercase hex SHA-256 of the token value (the store's key)
 * @param kind request (temporary credentials) or access
 * @param clientKey the client it was issued to
 * @param accountId the authorizing account; null for a request token not yet approved
 * @param secret the token secret
 * @param scopes the scopes it carries
 * @param callback the callback given at request_token ({@code oob} or a URL); null for access tokens
 * @param state for request tokens: pending, authorized or denied
 * @param verifierHash SHA-256 hex of the verifier once authorized, else null
 * @param createdAt when it was issued
 * @param expiresAt when it stops working; null for no expiry (access tokens)
 */
public record OAuth1Token(String hash, Kind kind, String clientKey, String accountId, String secret, Set<String> scopes,
    String callback, State state, String verifierHash, Instant createdAt, Instant expiresAt) {

  public enum Kind { REQUEST, ACCESS }

  public enum State { PENDING, AUTHORIZED, DENIED, ACTIVE }

  public OAuth1Token {
    Objects.requireNonNull(hash, "hash == null");
    Objects.requireNonNull(kind, "kind == null");
    Objects.requireNonNull(clientKey, "clientKey == null");
    Objects.requireNonNull(secret, "secret == null");
    Objects.requireNonNull(state, "state == null");
    scopes = Set.copyOf(scopes);
  }

  /** A short stable id for logs and {@code Identity.tokenId}: not the token, not enough to use it. */
  public String id() {
    return "oauth1:" + hash.substring(0, 16);
  }

  public boolean expiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  @Override
  public String toString() {
    return "OAuth1Token[" + id() + ", " + kind + ", client=" + clientKey + ", state=" + state + "]";
  }
}
