package portcullis.core.scheme.digest;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * How a deployment runs Digest.
 *
 * @param algorithms offered in this order (one challenge each) and the only ones accepted
 * @param nonceTtl how long a nonce is fresh; an older one earns {@code stale=true}
 * @param userhash whether challenges carry {@code userhash=true} (clients then hash the user name)
 */
public record DigestOptions(List<DigestAlgorithm> algorithms, Duration nonceTtl, boolean userhash) {
  public static final List<DigestAlgorithm> DEFAULT_ALGORITHMS = List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5);
  public static final Duration DEFAULT_NONCE_TTL = Duration.ofMinutes(5);

  public DigestOptions {
    algorithms = List.copyOf(new LinkedHashSet<>(algorithms));
    if (algorithms.isEmpty()) {
      throw new IllegalArgumentException("at least one algorithm is required");
    }
    Objects.requireNonNull(nonceTtl, "nonceTtl == null");
    if (nonceTtl.isNegative() || nonceTtl.isZero()) {
      throw new IllegalArgumentException("nonceTtl must be positive");
    }
  }

  public static DigestOptions defaults() {
    return new DigestOptions(DEFAULT_ALGORITHMS, DEFAULT_NONCE_TTL, true);
  }

  /** The algorithms whose HA1 must be stored: the bases of the offered ones, in order. */
  public List<DigestAlgorithm> storedAlgorithms() {
    return List.copyOf(new LinkedHashSet<>(algorithms.stream().map(DigestAlgorithm::base).toList()));
  }
}
