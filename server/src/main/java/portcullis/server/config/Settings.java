package portcullis.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import portcullis.store.jdbc.JdbcStoreConfig;

/**
 * The validated, immutable settings the server runs with: {@link ConfigLoader} turns a
 * {@link GatewayConfig} plus the environment into this, or refuses with a message naming the field.
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
    List<RouteSpec> routes) {

  /** A module's section of {@code schemes:}, empty when absent. */
  public java.util.Map<String, Object> schemeOptions(String module) {
    return schemeOptions.getOrDefault(module, java.util.Map.of());
  }

  @Override
  public String toString() {
    return "Settings[" + host + ":" + port + ", store=" + store + ", routes=" + routes.size() + "]";
  }

  /** One validated route. */
  public record RouteSpec(
      String name,
      String path,
      Set<String> methods,
      String upstream,
      List<String> schemes,
      boolean clientKeyRequired,
      Set<String> scopes,
      String dialect,
      java.util.Map<String, String> options) {}
}
