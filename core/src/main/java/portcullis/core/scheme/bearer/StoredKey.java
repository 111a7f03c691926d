package portcullis.core.scheme.bearer;

import java.time.Instant;
import java.util.Objects;

/**
 * A signing key as persisted: the full JWK (private part included; the store seals it), when it
 * was made, when it stops signing, and when it stops verifying (and leaves the JWKS): its retirement
 * plus the longest token lifetime plus a margin. {@code toString} never renders the JWK.
 */
public record StoredKey(String kid, BearerAlgorithm algorithm, String privateJwk, Instant createdAt, Instant retireAt,
    Instant expiresAt) {
  public StoredKey {
    Objects.requireNonNull(kid, "kid == null");
    Objects.requireNonNull(algorithm, "algorithm == null");
    Objects.requireNonNull(privateJwk, "privateJwk == null");
    Objects.requireNonNull(createdAt, "createdAt == null");
    Objects.requireNonNull(retireAt, "retireAt == null");
    Objects.requireNonNull(expiresAt, "expiresAt == null");
  }

  @Override
  public String toString() {
    return "StoredKey[kid=" + kid + ", alg=" + algorithm + ", created=" + createdAt + ", retire=" + retireAt
        + ", expires=" + expiresAt + "]";
  }
}
