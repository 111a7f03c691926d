package portcullis.core.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A registered app. {@code secret} is the decrypted client secret; {@code previousSecret} keeps
 * working until {@code previousSecretUntil} after a rotation. Neither is rendered by
 * {@link #toString()}. {@code rateLimit} is the client's own rate limit, null to use the route's.
 */
public record Client(
    String clientKey,
    String ownerAccountId,
    String name,
    Set<String> scopes,
    boolean isPublic,
    ClientStatus status,
    String secret,
    String previousSecret,
    Instant previousSecretUntil,
    Instant createdAt,
    RateLimit rateLimit) {

  /** A client with no rate limit of its own. */
  public Client(String clientKey, String ownerAccountId, String name, Set<String> scopes, boolean isPublic, ClientStatus status,
      String secret, String previousSecret, Instant previousSecretUntil, Instant createdAt) {
    this(clientKey, ownerAccountId, name, scopes, isPublic, status, secret, previousSecret, previousSecretUntil, createdAt, null);
  }

  public Client {
    Objects.requireNonNull(clientKey, "clientKey == null");
    Objects.requireNonNull(ownerAccountId, "ownerAccountId == null");
    Objects.requireNonNull(status, "status == null");
    Objects.requireNonNull(secret, "secret == null");
    scopes = Set.copyOf(scopes);
    name = name == null ? "" : name;
  }

  public boolean active() {
    return status == ClientStatus.ACTIVE;
  }

  /** The secrets valid at {@code now}: the current one, then the previous one inside its overlap. */
  public java.util.List<String> secretsAt(Instant now) {
    if (previousSecret != null && previousSecretUntil != null && now.isBefore(previousSecretUntil)) {
      return java.util.List.of(secret, previousSecret);
    }
    return java.util.List.of(secret);
  }

  @Override
  public String toString() {
    return "Client[key=" + clientKey + ", owner=" + ownerAccountId + ", status=" + status + "]";
  }
}
