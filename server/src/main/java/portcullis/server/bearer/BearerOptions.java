package portcullis.server.bearer;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.time.Duration;
import java.util.Map;
import portcullis.core.scheme.bearer.BearerAlgorithm;
import portcullis.core.scheme.bearer.BearerConfig;
import portcullis.server.config.ConfigException;
import portcullis.server.config.SchemeOptions;

/** Reads and validates {@code schemes: {bearer: {...}}}; every bad field stops start-up with its name and value. */
final class BearerOptions {
  private BearerOptions() {}

  /** The section as written; absent fields are null. */
  record Section(
      @JsonPropertyDescription("a whole number of seconds") Long ttlSeconds,
      @JsonPropertyDescription("ES256, EdDSA or HS256") String algorithm,
      @JsonPropertyDescription("a whole number of seconds") Long keyRotationSeconds,
      @JsonPropertyDescription("true or false") Boolean allowQueryToken,
      @JsonPropertyDescription("a string") String issuer) {}

  static BearerConfig parse(Map<String, Object> options) {
    Section s = SchemeOptions.bind("bearer", options, Section.class);
    long ttl = s.ttlSeconds() == null ? BearerConfig.DEFAULT_TTL.toSeconds() : s.ttlSeconds();
    long rotation = s.keyRotationSeconds() == null ? BearerConfig.DEFAULT_ROTATION.toSeconds() : s.keyRotationSeconds();
    BearerAlgorithm alg = BearerAlgorithm.parse(s.algorithm() == null ? "ES256" : s.algorithm());
    if (alg == null) {
      throw new ConfigException("schemes.bearer.algorithm must be ES256, EdDSA or HS256, was " + s.algorithm());
    }
    boolean allowQuery = s.allowQueryToken() != null && s.allowQueryToken();
    String issuer = s.issuer() == null ? BearerConfig.DEFAULT_ISSUER : s.issuer();
    try {
      return new BearerConfig(alg, Duration.ofSeconds(ttl), Duration.ofSeconds(rotation), issuer, allowQuery);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("schemes.bearer." + e.getMessage());
    }
  }
}
