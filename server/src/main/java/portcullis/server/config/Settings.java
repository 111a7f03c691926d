package portcullis.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import portcullis.server.module.Modules;
import portcullis.store.jdbc.JdbcStoreConfig;

/**
 * The validated, immutable settings the server runs with: {@link ConfigLoader} turns a
 * {@link GatewayConfig} plus the environment into this, or refuses with a message naming the field.
 * {@code modules} are the modules the configuration was checked against, which the server installs.
 */
public record Settings(
    String host,
    int port,
    int maxHeaderBytes,
    int maxBodyBytes,
    Path dataDir,
    JdbcStoreConfig store,
    String masterKey,
    String adminToken,
    String realm,
    int workerPoolSize,
    int eventLoops,
    Duration credentialTtl,
    Duration entityTtl,
    long cacheMaximumSize,
    Duration secretRotationOverlap,
    Set<String> declaredScopes,
    java.util.Map<String, java.util.Map<String, Object>> schemeOptions,
    long replayCacheSize,
    Redis redis,
    List<RouteSpec> routes,
    Limits limits,
    boolean http2Cleartext,
    Modules modules) {

  /** A module's section of {@code schemes:}, empty when absent. */
  public java.util.Map<String, Object> schemeOptions(String module) {
    return schemeOptions.getOrDefault(module, java.util.Map.of());
  }

  @Override
  public String toString() {
    return "Settings[" + host + ":" + port + ", store=" + store + (redis == null ? "" : ", redis=" + redis) + ", routes=" + routes.size() + "]";
  }

  /**
   * The {@code limits:} that protect the gateway from its clients (see docs/configuration.md).
   *
   * @param maxBufferedBytes request-body bytes buffered across all connections at once (503 beyond)
   * @param bodyTimeout how long a request body may take to arrive once the gateway reads it (408 after)
   * @param maxConnections open client connections in total; more are closed at once
   * @param maxConnectionsPerIp open connections per client IP (trusted proxies are not counted)
   * @param firstRequestTimeout how long a new connection may stay silent before its first request
   * @param idleTimeout how long a connection may stay idle between requests
   * @param maxConcurrentPasswordChecks Argon2id verifications running at once (their own threads)
   * @param maxQueuedPasswordChecks verifications waiting for one of those threads; 503 beyond
   * @param trustedProxies the proxies whose forwarding headers are believed (forward-auth, X-Forwarded-For)
   */
  public record Limits(
      long maxBufferedBytes,
      Duration bodyTimeout,
      int maxConnections,
      int maxConnectionsPerIp,
      Duration firstRequestTimeout,
      Duration idleTimeout,
      int maxConcurrentPasswordChecks,
      int maxQueuedPasswordChecks,
      List<String> trustedProxies) {}

  /**
   * The {@code redis:} section: where the replay store and the invalidation channel live, shared by
   * every node. Null when {@code redis.url} is not set (a single node: replay protection in memory).
   *
   * @param url {@code redis://host:port/db} or {@code rediss://...} (TLS), as configured: it may hold
   *     the password in its user info, so it is never logged as is (see {@link #redacted})
   * @param password from {@code redis.password} (or {@code PORTCULLIS_REDIS_PASSWORD}); null to use the URL's
   */
  public record Redis(String url, String password) {
    /** Whether the connection uses TLS ({@code rediss://}). */
    public boolean tls() {
      return url.startsWith("rediss://");
    }

    /** The URL without its user info: safe to log. */
    public String safeUrl() {
      return redacted(url);
    }

    /** {@code text} with any user info ({@code user:password@}) after the scheme replaced by {@code ***@}. */
    public static String redacted(String text) {
      int scheme = text.indexOf("://");
      int at = text.lastIndexOf('@');
      return scheme < 0 || at < scheme ? text : text.substring(0, scheme + 3) + "***@" + text.substring(at + 1);
    }

    @Override
    public String toString() {
      return "Redis[" + safeUrl() + (password == null ? "" : ", password=***") + "]";
    }
  }

  /** One validated route; {@code challenges} null: the default challenge order (RoutePolicy.defaultChallengeOrder). */
  public record RouteSpec(
      String name,
      String path,
      Set<String> methods,
      String upstream,
      List<String> schemes,
      boolean clientKeyRequired,
      Set<String> scopes,
      String dialect,
      java.util.Map<String, String> options,
      List<String> challenges) {}
}
