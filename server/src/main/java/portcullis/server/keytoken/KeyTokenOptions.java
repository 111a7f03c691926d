package portcullis.server.keytoken;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.time.Duration;
import java.util.Map;
import portcullis.server.config.ConfigException;
import portcullis.server.config.SchemeOptions;

/**
 * The {@code schemes: {keytoken: {...}}} section, validated.
 *
 * @param tokenTtl how long app and user tokens live (default 4 h)
 * @param clockSkew how far a token request's timestamp may be from the gateway's clock (default 300 s)
 */
record KeyTokenOptions(Duration tokenTtl, Duration clockSkew) {
  /** The section as written; absent fields are null. */
  record Section(
      @JsonPropertyDescription("a whole number of seconds") Number tokenTtlSeconds,
      @JsonPropertyDescription("a whole number of seconds") Number clockSkewSeconds) {}

  static KeyTokenOptions from(Map<String, Object> options) {
    Section s = SchemeOptions.bind("keytoken", options, Section.class);
    long ttl = seconds("tokenTtlSeconds", s.tokenTtlSeconds(), 4 * 3600, 60, 30L * 86400);
    long skew = seconds("clockSkewSeconds", s.clockSkewSeconds(), 300, 1, 3600);
    return new KeyTokenOptions(Duration.ofSeconds(ttl), Duration.ofSeconds(skew));
  }

  private static long seconds(String field, Number n, long fallback, long min, long max) {
    if (n == null) {
      return fallback;
    }
    if (n.doubleValue() != n.longValue()) {
      throw new ConfigException("schemes.keytoken." + field + " must be a whole number of seconds, was " + n);
    }
    if (n.longValue() < min || n.longValue() > max) {
      throw new ConfigException("schemes.keytoken." + field + " must be between " + min + " and " + max + " s, was " + n);
    }
    return n.longValue();
  }
}
