package portcullis.server.oauth1;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import portcullis.server.config.ConfigException;

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

  private static final Set<String> FIELDS = Set.of("allowPlaintextOverHttp", "timestampWindowSeconds",
      "requestTokenTtlSeconds", "baseUrl", "requestTokenPath", "authorizePath", "accessTokenPath", "authorizedAppsPath", "trustForwardedProto");

  public static OAuth1Config parse(Map<String, Object> o) {
    for (String k : o.keySet()) {
      if (!FIELDS.contains(k)) {
        throw new ConfigException("schemes.oauth1." + k + ": unknown field (known: " + String.join(", ", new java.util.TreeSet<>(FIELDS)) + ")");
      }
    }
    boolean plain = bool(o, "allowPlaintextOverHttp");
    boolean trustProto = bool(o, "trustForwardedProto");
    String base = str(o, "baseUrl", null);
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
    return new OAuth1Config(plain, integer(o, "timestampWindowSeconds", 300, 1, 3600),
        integer(o, "requestTokenTtlSeconds", 600, 30, 86_400), base,
        path(o, "requestTokenPath", "/v2/oauth/request_token"), path(o, "authorizePath", "/v2/oauth/authorize"),
        path(o, "accessTokenPath", "/v2/oauth/access_token"), path(o, "authorizedAppsPath", "/developers/authorized-apps"),
        trustProto);
  }

  private static boolean bool(Map<String, Object> o, String name) {
    Object v = o.getOrDefault(name, false);
    if (!(v instanceof Boolean b)) {
      throw new ConfigException("schemes.oauth1." + name + ": must be true or false, was '" + v + "'");
    }
    return b;
  }

  private static String str(Map<String, Object> o, String name, String fallback) {
    Object v = o.get(name);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof String s) || s.isBlank()) {
      throw new ConfigException("schemes.oauth1." + name + ": must be a non-empty string, was '" + v + "'");
    }
    return s.trim();
  }

  private static String path(Map<String, Object> o, String name, String fallback) {
    String p = str(o, name, fallback);
    if (!p.matches("/[A-Za-z0-9._~/-]*") || p.endsWith("/") || p.startsWith("/admin")) {
      throw new ConfigException("schemes.oauth1." + name + ": must be an absolute path like " + fallback + " (not under /admin), was '" + p + "'");
    }
    return p;
  }

  private static int integer(Map<String, Object> o, String name, int fallback, int min, int max) {
    Object v = o.getOrDefault(name, fallback);
    if (!(v instanceof Integer i) || i < min || i > max) {
      throw new ConfigException("schemes.oauth1." + name + ": must be a whole number from " + min + " to " + max + ", was '" + v + "'");
    }
    return i;
  }
}
