package portcullis.server.config;

import java.net.URI;
import java.nio.file.Path;

/**
 * Reads and checks {@code logging:} and {@code tracing:} (docs/observability.md): {@code
 * logging.access} is {@code stdout}, {@code off} (the default) or a file path; {@code logging.audit}
 * a file path (default {@code <dataDir>/audit.log}) or {@code off}; {@code tracing.otlpEndpoint} an
 * http(s) URL of an OTLP/HTTP collector ({@code http://localhost:4318}) or absent.
 */
final class LoggingConfig {
  private LoggingConfig() {}

  static Settings.Observability read(GatewayConfig.LoggingSection logging, GatewayConfig.TracingSection tracing, Path dataDir) {
    String access = logging == null || logging.access() == null ? "off" : logging.access().trim();
    String audit = logging == null || logging.audit() == null ? dataDir.resolve("audit.log").toString() : logging.audit().trim();
    if (access.isEmpty()) {
      throw new ConfigException("logging.access must be stdout, off or a file path, was empty");
    }
    if (audit.isEmpty()) {
      throw new ConfigException("logging.audit must be off or a file path, was empty");
    }
    boolean stdout = access.equals("stdout");
    Path accessFile = stdout || access.equals("off") ? null : file("logging.access", access);
    Path auditFile = audit.equals("off") ? null : file("logging.audit", audit);
    if (accessFile != null && accessFile.equals(auditFile)) {
      throw new ConfigException("logging.access and logging.audit must be different files, both were " + accessFile);
    }
    String endpoint = tracing == null ? null : tracing.otlpEndpoint();
    if (endpoint != null) {
      endpoint = endpoint.trim().replaceAll("/+$", "");
      URI u;
      try {
        u = new URI(endpoint);
      } catch (java.net.URISyntaxException e) {
        throw new ConfigException("tracing.otlpEndpoint: not a URL: '" + tracing.otlpEndpoint() + "'");
      }
      if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
        throw new ConfigException("tracing.otlpEndpoint must be an http(s) URL of an OTLP/HTTP collector, such as"
            + " http://localhost:4318, was '" + tracing.otlpEndpoint() + "'");
      }
    }
    String service = tracing == null || tracing.serviceName() == null ? "portcullis" : tracing.serviceName().trim();
    if (service.isEmpty() || service.length() > 100) {
      throw new ConfigException("tracing.serviceName must be 1 to 100 characters");
    }
    return new Settings.Observability(stdout, accessFile, auditFile, endpoint, service);
  }

  private static Path file(String key, String value) {
    Path p = Path.of(value).toAbsolutePath().normalize();
    if (java.nio.file.Files.isDirectory(p)) {
      throw new ConfigException(key + ": " + p + " is a directory; name a file (it is appended to)");
    }
    return p;
  }
}
