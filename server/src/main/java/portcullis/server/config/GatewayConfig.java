package portcullis.server.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The whole deployment, as read from one YAML file (see docs/configuration.md and the demo's
 * {@code demo.yaml}). Every field is checked by {@link ConfigLoader}; nothing bad is silently
 * replaced by a default.
 */
public record GatewayConfig(
    @JsonProperty("listen") Listen listen,
    @JsonProperty("limits") Limits limits,
    @JsonProperty("dataDir") String dataDir,
    @JsonProperty("store") StoreSection store,
    @JsonProperty("masterKey") String masterKey,
    @JsonProperty("adminToken") String adminToken,
    @JsonProperty("realm") String realm,
    @JsonProperty("workerPoolSize") Integer workerPoolSize,
    @JsonProperty("eventLoops") Integer eventLoops,
    @JsonProperty("cache") CacheSection cache,
    @JsonProperty("secretRotationOverlapSeconds") Long secretRotationOverlapSeconds,
    @JsonProperty("scopes") List<Object> scopes,
    @JsonProperty("schemes") Map<String, Map<String, Object>> schemes,
    @JsonProperty("replayCacheSize") Long replayCacheSize,
    @JsonProperty("redis") RedisSection redis,
    @JsonProperty("cluster") ClusterSection cluster,
    @JsonProperty("routes") List<RouteConfig> routes,
    @JsonProperty("portal") PortalSection portal,
    @JsonProperty("forwardAuth") ForwardAuthSection forwardAuth,
    @JsonProperty("logging") LoggingSection logging,
    @JsonProperty("tracing") TracingSection tracing) {

  /** {@code logging:} the access log ({@code stdout}, a file, or {@code off}) and the audit log (a file, or {@code off}). */
  public record LoggingSection(@JsonProperty("access") String access, @JsonProperty("audit") String audit) {}

  /** {@code tracing:} OpenTelemetry export. */
  public record TracingSection(@JsonProperty("otlpEndpoint") String otlpEndpoint, @JsonProperty("serviceName") String serviceName) {}

  /** The developer portal ({@code /developers}, docs/portal.md). */
  public record PortalSection(
      @JsonProperty("signup") String signup,
      @JsonProperty("emailVerification") Boolean emailVerification,
      @JsonProperty("paymentUrl") String paymentUrl,
      @JsonProperty("contactUrl") String contactUrl,
      @JsonProperty("baseUrl") String baseUrl,
      @JsonProperty("smtp") SmtpSection smtp) {}

  public record SmtpSection(
      @JsonProperty("host") String host,
      @JsonProperty("port") Integer port,
      @JsonProperty("username") String username,
      @JsonProperty("password") String password,
      @JsonProperty("from") String from,
      @JsonProperty("security") String security) {
    @Override
    public String toString() {
      return "SmtpSection[host=" + host + ", port=" + port + ", username=" + username + "]";
    }
  }

  public record Listen(@JsonProperty("host") String host, @JsonProperty("port") Integer port,
      @JsonProperty("http2Cleartext") Boolean http2Cleartext,
      @JsonProperty("tls") TlsSection tls,
      @JsonProperty("redirectHttpPort") Integer redirectHttpPort,
      @JsonProperty("allowPlaintextCredentials") Boolean allowPlaintextCredentials) {
    public Listen(String host, Integer port, Boolean http2Cleartext) {
      this(host, port, http2Cleartext, null, null, null);
    }
  }

  /** {@code listen.tls}: the gateway terminates TLS itself (docs/tls.md). */
  @JsonIgnoreProperties(ignoreUnknown = false)
  public record TlsSection(
      @JsonProperty("certificate") String certificate,
      @JsonProperty("privateKey") String privateKey,
      @JsonProperty("clientCa") String clientCa,
      @JsonProperty("clientAuth") String clientAuth,
      @JsonProperty("hsts") String hsts,
      @JsonProperty("reloadSeconds") Integer reloadSeconds) {}

  /** {@code forwardAuth:}: what forward-auth reads from the proxy in front beyond the original request. */
  @JsonIgnoreProperties(ignoreUnknown = false)
  public record ForwardAuthSection(@JsonProperty("clientCertificateHeader") String clientCertificateHeader) {}

  public record Limits(
      @JsonProperty("maxHeaderBytes") Integer maxHeaderBytes,
      @JsonProperty("maxBodyBytes") Integer maxBodyBytes,
      @JsonProperty("maxBufferedBytes") Long maxBufferedBytes,
      @JsonProperty("bodyTimeoutSeconds") Integer bodyTimeoutSeconds,
      @JsonProperty("maxConnections") Integer maxConnections,
      @JsonProperty("maxConnectionsPerIp") Integer maxConnectionsPerIp,
      @JsonProperty("firstRequestTimeoutSeconds") Integer firstRequestTimeoutSeconds,
      @JsonProperty("idleTimeoutSeconds") Integer idleTimeoutSeconds,
      @JsonProperty("maxConcurrentPasswordChecks") Integer maxConcurrentPasswordChecks,
      @JsonProperty("maxQueuedPasswordChecks") Integer maxQueuedPasswordChecks,
      @JsonProperty("trustedProxies") List<String> trustedProxies,
      @JsonProperty("failedLogins") FailedLoginsSection failedLogins,
      @JsonProperty("noncesPerClient") Long noncesPerClient,
      @JsonProperty("legacyRateLimitHeaders") Boolean legacyRateLimitHeaders) {
    static final Limits NONE = new Limits(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  /** {@code limits.failedLogins}: the failed-credential throttle (docs/limits.md). */
  @JsonIgnoreProperties(ignoreUnknown = false)
  public record FailedLoginsSection(
      @JsonProperty("perIdentityAndIp") Integer perIdentityAndIp,
      @JsonProperty("perIp") Integer perIp,
      @JsonProperty("perAccount") Integer perAccount,
      @JsonProperty("windowSeconds") Integer windowSeconds,
      @JsonProperty("accountWindowSeconds") Integer accountWindowSeconds) {}

  /** A route's {@code rateLimit: {requests: N, windowSeconds: W}}. */
  @JsonIgnoreProperties(ignoreUnknown = false)
  public record RateLimitSection(@JsonProperty("requests") Integer requests, @JsonProperty("windowSeconds") Integer windowSeconds) {}

  /** {@code cluster:}: what a node assumes about the others (the local fallback divides limits by expectedNodes). */
  @JsonIgnoreProperties(ignoreUnknown = false)
  public record ClusterSection(@JsonProperty("expectedNodes") Integer expectedNodes) {}

  public record StoreSection(
      @JsonProperty("url") String url,
      @JsonProperty("username") String username,
      @JsonProperty("password") String password,
      @JsonProperty("poolSize") Integer poolSize) {
    @Override
    public String toString() {
      return "StoreSection[url=" + url + ", username=" + username + ", poolSize=" + poolSize + "]";
    }
  }

  public record RedisSection(@JsonProperty("url") String url, @JsonProperty("password") String password) {
    @Override
    public String toString() {
      return "RedisSection[url=" + (url == null ? null : portcullis.server.config.Settings.Redis.redacted(url)) + "]";
    }
  }

  public record CacheSection(
      @JsonProperty("credentialTtlSeconds") Long credentialTtlSeconds,
      @JsonProperty("entityTtlSeconds") Long entityTtlSeconds,
      @JsonProperty("maximumSize") Long maximumSize) {}

  @JsonIgnoreProperties(ignoreUnknown = false)
  public record RouteConfig(
      @JsonProperty("name") String name,
      @JsonProperty("path") String path,
      @JsonProperty("methods") List<String> methods,
      @JsonProperty("upstream") String upstream,
      @JsonProperty("schemes") List<String> schemes,
      @JsonProperty("clientKey") String clientKey,
      @JsonProperty("scopes") List<String> scopes,
      @JsonProperty("dialect") String dialect,
      @JsonProperty("options") Map<String, String> options,
      @JsonProperty("rateLimit") RateLimitSection rateLimit,
      @JsonProperty("challenges") List<String> challenges) {}

  @Override
  public String toString() {
    return "GatewayConfig[listen=" + listen + ", routes=" + (routes == null ? 0 : routes.size()) + "]";
  }
}
