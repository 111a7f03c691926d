package portcullis.core.scheme.bearer;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the bearer scheme, checked when built.
 *
 * @param algorithm the signature algorithm of new tokens
 * @param ttl token lifetime ({@code expires_in}), 10 s to 1 day
 * @param rotation how long a key signs before the next one takes over, at least 60 s
 * @param issuer the {@code iss} claim, also required on verification
 * @param allowQueryToken whether {@code ?access_token=} is accepted (RFC 6750 §2.3; off by default)
 */
public record BearerConfig(BearerAlgorithm algorithm, Duration ttl, Duration rotation, String issuer, boolean allowQueryToken) {
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(600);
  public static final Duration DEFAULT_ROTATION = Duration.ofDays(1);
  public static final String DEFAULT_ISSUER = "portcullis";

  public BearerConfig {
    Objects.requireNonNull(algorithm, "algorithm == null");
    Objects.requireNonNull(ttl, "ttl == null");
    Objects.requireNonNull(rotation, "rotation == null");
    Objects.requireNonNull(issuer, "issuer == null");
    if (ttl.toSeconds() < 10 || ttl.toSeconds() > 86400) {
      throw new IllegalArgumentException("ttlSeconds must be between 10 and 86400, was " + ttl.toSeconds());
    }
    if (rotation.toSeconds() < 60 || rotation.toSeconds() > 365L * 86400) {
      throw new IllegalArgumentException("keyRotationSeconds must be between 60 and 31536000, was " + rotation.toSeconds());
    }
    if (issuer.isBlank() || issuer.length() > 256) {
      throw new IllegalArgumentException("issuer must be 1-256 characters, was '" + issuer + "'");
    }
  }

  public static BearerConfig defaults() {
    return new BearerConfig(BearerAlgorithm.ES256, DEFAULT_TTL, DEFAULT_ROTATION, DEFAULT_ISSUER, false);
  }
}
