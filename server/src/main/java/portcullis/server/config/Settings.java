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
    java.util.Map<String, String> scopeDescriptions,
    java.util.Map<String, java.util.Map<String, Object>> schemeOptions,
    long replayCacheSize,
    Redis redis,
    List<RouteSpec> routes,
    Limits limits,
    boolean http2Cleartext,
    Modules modules,
    Portal portal,
    Transport transport,
    Observability observability) {

  /**
   * What the gateway writes for its operators: the access log ({@code logging.access}: {@code accessFile}
   * null with {@code accessStdout} false is off), the hash-chained audit log ({@code logging.audit}, null:
   * off) and the OTLP endpoint spans go to ({@code tracing.otlpEndpoint}, null: none).
   */
  public record Observability(boolean accessStdout, Path accessFile, Path auditFile, String otlpEndpoint, String serviceName) {
    public static final Observability NONE = new Observability(false, null, null, null, "portcullis");
  }

  /** These settings with {@code o} for the access and audit logs and tracing. */
  public Settings withObservability(Observability o) {
    return new Settings(host, port, maxHeaderBytes, maxBodyBytes, dataDir, store, masterKey, adminToken, realm, workerPoolSize,
        eventLoops, credentialTtl, entityTtl, cacheMaximumSize, secretRotationOverlap, declaredScopes, scopeDescriptions,
        schemeOptions, replayCacheSize, redis, routes, limits, http2Cleartext, modules, portal, transport, o);
  }

  /** Settings without scope descriptions, access or audit log and tracing. */
  public Settings(String host, int port, int maxHeaderBytes, int maxBodyBytes, Path dataDir, JdbcStoreConfig store,
      String masterKey, String adminToken, String realm, int workerPoolSize, int eventLoops, Duration credentialTtl,
      Duration entityTtl, long cacheMaximumSize, Duration secretRotationOverlap, Set<String> declaredScopes,
      java.util.Map<String, java.util.Map<String, Object>> schemeOptions, long replayCacheSize, Redis redis,
      List<RouteSpec> routes, Limits limits, boolean http2Cleartext, Modules modules, Portal portal, Transport transport) {
    this(host, port, maxHeaderBytes, maxBodyBytes, dataDir, store, masterKey, adminToken, realm, workerPoolSize, eventLoops,
        credentialTtl, entityTtl, cacheMaximumSize, secretRotationOverlap, declaredScopes, java.util.Map.of(), schemeOptions,
        replayCacheSize, redis, routes, limits, http2Cleartext, modules, portal, transport, Observability.NONE);
  }

  /** Settings without TLS (the gateway listens on plain HTTP only). */
  public Settings(String host, int port, int maxHeaderBytes, int maxBodyBytes, Path dataDir, JdbcStoreConfig store,
      String masterKey, String adminToken, String realm, int workerPoolSize, int eventLoops, Duration credentialTtl,
      Duration entityTtl, long cacheMaximumSize, Duration secretRotationOverlap, Set<String> declaredScopes,
      java.util.Map<String, java.util.Map<String, Object>> schemeOptions, long replayCacheSize, Redis redis,
      List<RouteSpec> routes, Limits limits, boolean http2Cleartext, Modules modules) {
    this(host, port, maxHeaderBytes, maxBodyBytes, dataDir, store, masterKey, adminToken, realm, workerPoolSize, eventLoops,
        credentialTtl, entityTtl, cacheMaximumSize, secretRotationOverlap, declaredScopes, schemeOptions, replayCacheSize,
        redis, routes, limits, http2Cleartext, modules, Portal.DEFAULT, Transport.PLAIN);
  }

  /** The description the deployment gave scope {@code name} ({@code scopes: [{name, description}]}), or "". */
  public String scopeDescription(String name) {
    String d = scopeDescriptions == null ? null : scopeDescriptions.get(name);
    return d == null ? "" : d;
  }

  /**
   * How requests reach the gateway: TLS ({@code listen.tls}, null for plain HTTP), the plain-HTTP
   * listener that redirects to HTTPS ({@code listen.redirectHttpPort}, 0 for none), whether
   * credentials may cross a network in clear ({@code listen.allowPlaintextCredentials}) and the header
   * a TLS terminator in front puts the client certificate in ({@code forwardAuth.clientCertificateHeader}).
   */
  public record Transport(Tls tls, int redirectHttpPort, boolean allowPlaintextCredentials, String clientCertificateHeader) {
    public static final Transport PLAIN = new Transport(null, 0, false, null);
  }

  /**
   * {@code listen.tls}: PEM files, re-read when they change (every {@code reload}) and on SIGHUP.
   *
   * @param clientCa PEM file of the CAs client certificates must chain to, or null
   * @param clientAuth {@code none}, {@code optional} or {@code required}
   * @param hsts the {@code Strict-Transport-Security} value sent on every TLS response, or null for none
   */
  public record Tls(Path certificate, Path privateKey, Path clientCa, String clientAuth, String hsts, Duration reload) {}

  /**
   * The {@code portal:} section (docs/portal.md).
   *
   * @param signupOpen {@code signup: open} (anyone may make an account) or {@code closed} (admin API only)
   * @param emailVerification a sign-up becomes an account only once its address is confirmed by mail
   * @param paymentUrl where a locked account (unpaid balance) pays, shown to it; or null
   * @param contactUrl where a disabled account asks about the terms, shown to it; or null
   * @param baseUrl the public {@code https://host[:port]} of the portal (links in mails, quick-start lines); or null for the request's
   * @param smtp how mail goes out, or null (then no mail: no verification, no reset links)
   */
  public record Portal(boolean signupOpen, boolean emailVerification, String paymentUrl, String contactUrl, String baseUrl,
      Smtp smtp) {
    public static final Portal DEFAULT = new Portal(true, false, null, null, null, null);
  }

  /**
   * {@code portal.smtp}: the relay mail goes through.
   *
   * @param security {@code starttls} (required), {@code tls} (implicit, port 465) or {@code none}
   */
  public record Smtp(String host, int port, String username, String password, String from, String security) {
    @Override
    public String toString() {
      return "Smtp[" + host + ":" + port + (username == null ? "" : ", username=" + username + ", password=***") + ", " + security + "]";
    }
  }

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
   * @param failedLogins the failed-credential throttle
   * @param noncesPerClient live single-use values (nonces) one client may hold in the replay store; 0: no quota
   * @param legacyRateLimitHeaders whether rate-limited responses also carry {@code X-RateLimit-Limit/-Remaining/-Reset}
   * @param expectedNodes {@code cluster.expectedNodes}: with Redis down each node enforces limits divided by this
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
      List<String> trustedProxies,
      FailedLogins failedLogins,
      long noncesPerClient,
      boolean legacyRateLimitHeaders,
      int expectedNodes) {}

  /**
   * {@code limits.failedLogins}: wrong secrets counted over sliding windows; beyond a count, 429.
   *
   * @param perIdentityAndIp failures per (account or client, client IP) within {@code window}
   * @param perIp failures per client IP across identities within {@code window}
   * @param perAccount failures per account (or client) across IPs within {@code accountWindow}; beyond it only
   *     the IPs that failed against it are refused
   */
  public record FailedLogins(int perIdentityAndIp, int perIp, int perAccount, Duration window, Duration accountWindow) {}


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
      portcullis.core.store.RateLimit rateLimit,
      List<String> challenges) {}
}
