package portcullis.server.bearer;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import portcullis.core.scheme.bearer.BearerAlgorithm;
import portcullis.core.scheme.bearer.BearerConfig;
import portcullis.server.config.ConfigException;

/** Reads and validates {@code schemes: {bearer: {...}}}; every bad field stops start-up with its name and value. */
final class BearerOptions {
  static final Set<String> FIELDS = Set.of("ttlSeconds", "algorithm", "keyRotationSeconds", "allowQueryToken", "issuer");

  private BearerOptions() {}

  static BearerConfig parse(Map<String, Object> options) {
    for (String k : options.keySet()) {
      if (!FIELDS.contains(k)) {
        throw new ConfigException("schemes.bearer." + k + ": unknown field (known: " + String.join(", ", new TreeSet<>(FIELDS)) + ")");
      }
    }
    long ttl = number(options, "ttlSeconds", BearerConfig.DEFAULT_TTL.toSeconds());
    long rotation = number(options, "keyRotationSeconds", BearerConfig.DEFAULT_ROTATION.toSeconds());
    Object algo = options.getOrDefault("algorithm", "EdDSA");
    BearerAlgorithm alg = algo instanceof String s ? BearerAlgorithm.parse(s) : null;
    if (alg == null) {
      throw new ConfigException("schemes.bearer.algorithm must be ES256, EdDSA or HS256, was " + algo);
    }
    Object query = options.getOrDefault("allowQueryToken", Boolean.FALSE);
    if (!(query instanceof Boolean allowQuery)) {
      throw new ConfigException("schemes.bearer.allowQueryToken must be true or false, was " + query);
    }
    Object iss = options.getOrDefault("issuer", BearerConfig.DEFAULT_ISSUER);
    if (!(iss instanceof String issuer)) {
      throw new ConfigException("schemes.bearer.issuer must be a string, was " + iss);
    }
    try {
      return new BearerConfig(alg, Duration.ofSeconds(ttl), Duration.ofSeconds(rotation), issuer, allowQuery);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("schemes.bearer." + e.getMessage());
    }
  }

  private static long number(Map<String, Object> options, String field, long fallback) {
    Object v = options.get(field);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Integer || v instanceof Long) {
      return ((Number) v).longValue();
    }
    throw new ConfigException("schemes.bearer." + field + " must be a whole number of seconds, was " + v);
  }
}
