package portcullis.core.tokens;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * What a valid token (bearer JWT, key-token, OAuth access token) grants.
 *
 * @param tokenId stable id of the token (jti, or the stored hash's id), never the token itself
 * @param accountId the account it acts for
 * @param clientKey the client it was issued to
 * @param scopes its scopes
 * @param expiresAt when it stops being valid
 */
public record TokenGrant(String tokenId, String accountId, String clientKey, Set<String> scopes, Instant expiresAt) {
  public TokenGrant {
    Objects.requireNonNull(tokenId, "tokenId == null");
    Objects.requireNonNull(accountId, "accountId == null");
    Objects.requireNonNull(clientKey, "clientKey == null");
    scopes = Set.copyOf(scopes);
  }
}
