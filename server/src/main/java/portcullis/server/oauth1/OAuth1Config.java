package portcullis.server.oauth1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.net.URI;
import java.util.Map;
import portcullis.server.config.ConfigException;
import portcullis.server.config.SchemeOptions;

/**
 * The {@code schemes: {oauth1: {...}}} section. Every field optional; every value checked.
 *
 * @param allowPlaintextOverHttp accept PLAINTEXT when clients sign an {@code http://} URI (demo: true)
 * @param timestampWindowSeconds allowed clock skew of {@code oauth_timestamp}, either way
 * @param requestTokenTtlSeconds lifetime of a request token (temporary credentials)
 * @param baseUrl public {@code scheme://host[:port]} clients sign against, or null for {@code http://} + Host
 * @param requestTokenPath path of the request-token endpoint
 * @param authorizePath path of the authorization page
 * @param accessTokenPath path of the access-token endpoint
 * @param authorizedAppsPath path of the "Authorized applications" page
 * @param trustForwardedProto without {@code baseUrl}, take http/https from {@code X-Forwarded-Proto}
 *     (signature base string, PLAINTEXT-over-TLS check, Secure cookies); only behind a proxy that sets it
 */
public record OAuth1Config(boolean allowPlaintextOverHttp, int timestampWindowSeconds, int requestTokenTtlSeconds,
    String baseUrl, String requestTokenPath, String authorizePath, String accessTokenPath, String authorizedAppsPath,
    boolean trustForwardedProto) {

  /** The section as written; absent fields are null. */
  record Section(
      @JsonPropertyDescription("true or false") Boolean allowPlaintextOverHttp,
      @JsonPropertyDescription("a whole number from 1 to 3600") Integer timestampWindowSeconds,
      @JsonPropertyDescription("a whole number from 30 to 86400") Integer requestTokenTtlSeconds,
      @JsonPropertyDescription("a non-empty string") String baseUrl,
      @JsonPropertyDescription("a non-empty string") String requestTokenPath,
      @JsonPropertyDescription("a non-empty string") String authorizePath,
      @JsonPropertyDescription("a non-empty string") String accessTokenPath,
      @JsonPropertyDescription("a non-empty string") String authorizedAppsPath,
      @JsonPropertyDescription("true or false") Boolean trustForwardedProto) {}

  public static OAuth1Config parse(Map<String, Object> o) {
    Section s = SchemeOptions.bind("oauth1", o, Section.class);
    boolean plain = Boolean.TRUE.equals(s.allowPlaintextOverHttp());
    boolean trustProto = Boolean.TRUE.equals(s.trustForwardedProto());
    String base = str("baseUrl", s.baseUrl(), null);
    if (base != null) {
      URI u;
      try {
        u = new URI(base);
      } catch (java.net.URISyntaxException e) {
        throw new ConfigException("schemes.oauth1.baseUrl: not a URL: '" + base + "'");
      }
      if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null
          || (u.getPath() != null && !u.getPath().isEmpty() && !u.getPath().equals("/")) || u.getQuery() != null) {
        throw new ConfigException("schemes.oauth1.baseUrl: must be http(s)://host[:port] without a path, was '" + base + "'");
      }
    }
    return new OAuth1Config(plain, integer("timestampWindowSeconds", s.timestampWindowSeconds(), 300, 1, 3600),
        integer("requestTokenTtlSeconds", s.requestTokenTtlSeconds(), 600, 30, 86_400), base,
        path("requestTokenPath", s.requestTokenPath(), "/v2/oauth/request_token"),
        path("authorizePath", s.authorizePath(), "/v2/oauth/authorize"),
        path("accessTokenPath", s.accessTokenPath(), "/v2/oauth/access_token"),
        path("authorizedAppsPath", s.authorizedAppsPath(), "/developers/authorized-apps"),
        trustProto);
  }

  private static String str(String name, String v, String fallback) {
    if (v == null) {
      return fallback;
    }
    if (v.isBlank()) {
      throw new ConfigException("schemes.oauth1." + name + ": must be a non-empty string, was '" + v + "'");
    }
    return v.trim();
  }

  private static String path(String name, String v, String fallback) {
    String p = str(name, v, fallback);
    if (!p.matches("/[A-Za-z0-9._~/-]*") || p.endsWith("/") || p.startsWith("/admin")) {
      throw new ConfigException("schemes.oauth1." + name + ": must be an absolute path like " + fallback + " (not under /admin), was '" + p + "'");
    }
    return p;
  }

  private static int integer(String name, Integer v, int fallback, int min, int max) {
    int i = v == null ? fallback : v;
    if (i < min || i > max) {
      throw new ConfigException("schemes.oauth1." + name + ": must be a whole number from " + min + " to " + max + ", was '" + i + "'");
    }
    return i;
  }
}
