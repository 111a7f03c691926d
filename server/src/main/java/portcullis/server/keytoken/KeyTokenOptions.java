package portcullis.server.keytoken;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import portcullis.server.config.ConfigException;

/**
 * The {@code schemes: {keytoken: {...}}} section, validated.
 *
 * @param tokenTtl how long app and user tokens live (default 4 h)
 * @param clockSkew how far a token request's timestamp may be from the gateway's clock (default 300 s)
 */
record KeyTokenOptions(Duration tokenTtl, Duration clockSkew) {
  static final Set<String> FIELDS = Set.of("tokenTtlSeconds", "clockSkewSeconds");

  static KeyTokenOptions from(Map<String, Object> options) {
    for (String k : options.keySet()) {
      if (!FIELDS.contains(k)) {
        throw new ConfigException("schemes.keytoken." + k + " is not a known option (known: clockSkewSeconds, tokenTtlSeconds)");
      }
    }
    long ttl = seconds(options, "tokenTtlSeconds", 4 * 3600, 60, 30L * 86400);
    long skew = seconds(options, "clockSkewSeconds", 300, 1, 3600);
    return new KeyTokenOptions(Duration.ofSeconds(ttl), Duration.ofSeconds(skew));
  }

  private static long seconds(Map<String, Object> options, String field, long fallback, long min, long max) {
    Object v = options.get(field);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Number n) || n.doubleValue() != n.longValue()) {
      throw new ConfigException("schemes.keytoken." + field + " must be a whole number of seconds, was " + v);
    }
    if (n.longValue() < min || n.longValue() > max) {
      throw new ConfigException("schemes.keytoken." + field + " must be between " + min + " and " + max + " s, was " + v);
    }
    return n.longValue();
  }
}
