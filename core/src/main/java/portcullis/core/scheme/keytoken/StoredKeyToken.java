package portcullis.core.scheme.keytoken;

import java.time.Instant;
import java.util.Objects;

/**
 * A key-token as stored: looked up by the SHA-256 of the token, never holding the token itself.
 *
 * @param id public id (for the admin API and logs)
 * @param clientKey the app it was issued to
 * @param accountId the account it acts for: the app's owner (app token) or a user (user token)
 * @param kind app or user
 * @param createdAt when issued
 * @param expiresAt when it stops working
 * @param revoked whether revoked through the admin API
 */
public record StoredKeyToken(String id, String clientKey, String accountId, Kind kind, Instant createdAt,
    Instant expiresAt, boolean revoked) {
  public StoredKeyToken {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(clientKey, "clientKey == null");
    Objects.requireNonNull(accountId, "accountId == null");
    Objects.requireNonNull(kind, "kind == null");
    Objects.requireNonNull(expiresAt, "expiresAt == null");
  }

  /** App tokens ({@code POST /v0/tokens}) and user tokens ({@code POST /v0/users/authenticate}). */
  public enum Kind {
    APP, USER;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Valid at {@code now}: not revoked and not expired. */
  public boolean validAt(Instant now) {
    return !revoked && now.isBefore(expiresAt);
  }
}
