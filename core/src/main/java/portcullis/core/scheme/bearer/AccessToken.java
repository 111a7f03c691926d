package portcullis.core.scheme.bearer;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import portcullis.core.tokens.TokenGrant;

/**
 * The claims of a bearer token whose signature, issuer and shape have been verified (not yet its
 * time, revocation, client or owner: those are checked on every request).
 *
 * @param jti the token id
 * @param accountId {@code sub}: the account owning the client
 * @param clientKey {@code client_id}
 * @param scopes {@code scope}, split on spaces
 * @param issuedAt {@code iat}
 * @param expiresAt {@code exp}
 * @param kid the id of the key that signed it
 * @param certificateThumbprint {@code cnf.x5t#S256} (RFC 8705): the token is accepted only over a TLS
 *     connection presenting the certificate with this SHA-256 thumbprint; null for a plain bearer token
 */
public record AccessToken(String jti, String accountId, String clientKey, Set<String> scopes, Instant issuedAt,
    Instant expiresAt, String kid, String certificateThumbprint) {
  public AccessToken(String jti, String accountId, String clientKey, Set<String> scopes, Instant issuedAt,
      Instant expiresAt, String kid) {
    this(jti, accountId, clientKey, scopes, issuedAt, expiresAt, kid, null);
  }

  public AccessToken {
    Objects.requireNonNull(jti, "jti == null");
    Objects.requireNonNull(accountId, "accountId == null");
    Objects.requireNonNull(clientKey, "clientKey == null");
    scopes = Set.copyOf(scopes);
    Objects.requireNonNull(issuedAt, "issuedAt == null");
    Objects.requireNonNull(expiresAt, "expiresAt == null");
  }

  /** The scopes space-separated and sorted, as in the {@code scope} claim. */
  public String scopeString() {
    return String.join(" ", new TreeSet<>(scopes));
  }

  public TokenGrant grant() {
    return new TokenGrant(jti, accountId, clientKey, scopes, expiresAt);
  }
}
