package portcullis.server.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code limits:} and {@code cluster:} (docs/configuration.md, docs/limits.md) for {@link ConfigLoader}. */
final class LimitsConfig {
  private LimitsConfig() {}

  private static <T> T or(T v, T fallback) {
    return v == null ? fallback : v;
  }

  /** The protective limits, with defaults sized from the heap, the cores and the file-descriptor limit. */
  static Settings.Limits read(GatewayConfig.Limits l, int maxBody, long replaySize, GatewayConfig.ClusterSection cluster,
      String noncesEnv) {
    long heapQuarter = Runtime.getRuntime().maxMemory() / 4;
    long buffered = ConfigLoader.range("limits.maxBufferedBytes", or(l.maxBufferedBytes(), Math.max(maxBody, heapQuarter)), 0, 1L << 40);
    if (buffered < maxBody) {
      throw new ConfigException("limits.maxBufferedBytes (" + buffered + ") must be at least limits.maxBodyBytes (" + maxBody
          + "): a body of the largest allowed size could never be read");
    }
    int bodyTimeout = ConfigLoader.range("limits.bodyTimeoutSeconds", or(l.bodyTimeoutSeconds(), 30), 1, 3600);
    int defaultConnections = (int) Math.max(64, Math.min(10_000, openFileLimit() * 3 / 4));
    int maxConnections = ConfigLoader.range("limits.maxConnections", or(l.maxConnections(), defaultConnections), 1, 1_000_000);
    int perIp = ConfigLoader.range("limits.maxConnectionsPerIp", or(l.maxConnectionsPerIp(), Math.min(256, maxConnections)), 1, maxConnections);
    int first = ConfigLoader.range("limits.firstRequestTimeoutSeconds", or(l.firstRequestTimeoutSeconds(), 10), 1, 3600);
    int idle = ConfigLoader.range("limits.idleTimeoutSeconds", or(l.idleTimeoutSeconds(), 120), 1, 86400);
    int cores = Runtime.getRuntime().availableProcessors();
    int hashers = ConfigLoader.range("limits.maxConcurrentPasswordChecks", or(l.maxConcurrentPasswordChecks(), cores), 1, 256);
    int queued = ConfigLoader.range("limits.maxQueuedPasswordChecks", or(l.maxQueuedPasswordChecks(), 64), 0, 100_000);
    List<String> proxies = new ArrayList<>();
    int i = 0;
    for (String p : or(l.trustedProxies(), List.<String>of())) {
      proxies.add(cidr("limits.trustedProxies[" + i++ + "]", p));
    }
    var f = or(l.failedLogins(), new GatewayConfig.FailedLoginsSection(null, null, null, null, null));
    int pair = ConfigLoader.range("limits.failedLogins.perIdentityAndIp", or(f.perIdentityAndIp(), 10), 1, 10_000);
    int ipFailures = ConfigLoader.range("limits.failedLogins.perIp", or(f.perIp(), 100), 1, 1_000_000);
    int account = ConfigLoader.range("limits.failedLogins.perAccount", or(f.perAccount(), 100), 1, 1_000_000);
    int window = ConfigLoader.range("limits.failedLogins.windowSeconds", or(f.windowSeconds(), 900), 1, 86_400);
    int accountWindow = ConfigLoader.range("limits.failedLogins.accountWindowSeconds", or(f.accountWindowSeconds(), 3600), 1, 7 * 86_400);
    // default: a hundredth of the replay store, so a hundred clients flooding nonces cannot fill it
    Long fromEnv = null;
    if (noncesEnv != null && !noncesEnv.isBlank()) {
      try {
        fromEnv = Long.parseLong(noncesEnv.trim());
      } catch (NumberFormatException e) {
        throw new ConfigException("PORTCULLIS_NONCES_PER_CLIENT must be a whole number (0: no quota), was " + noncesEnv);
      }
    }
    long nonces = ConfigLoader.range(fromEnv != null ? "PORTCULLIS_NONCES_PER_CLIENT" : "limits.noncesPerClient",
        fromEnv != null ? fromEnv : or(l.noncesPerClient(), Math.max(1000, replaySize / 100)), 0, 1L << 40);
    int nodes = ConfigLoader.range("cluster.expectedNodes", or(cluster.expectedNodes(), 2), 1, 1000);
    return new Settings.Limits(buffered, Duration.ofSeconds(bodyTimeout), maxConnections, perIp, Duration.ofSeconds(first),
        Duration.ofSeconds(idle), hashers, queued, List.copyOf(proxies),
        new Settings.FailedLogins(pair, ipFailures, account, Duration.ofSeconds(window), Duration.ofSeconds(accountWindow)),
        nonces, or(l.legacyRateLimitHeaders(), false), nodes);
  }

  /** An IPv4 or IPv6 address, or a CIDR block ({@code 10.0.0.0/8}, {@code fd00::/8}); returned as address/prefix. */
  static String cidr(String field, String text) {
    String t = text == null ? "" : text.trim();
    int slash = t.indexOf('/');
    String addr = slash < 0 ? t : t.substring(0, slash);
    boolean literal = addr.matches("[0-9.]+") && addr.chars().filter(ch -> ch == '.').count() == 3 || addr.contains(":");
    java.net.InetAddress ip;
    try {
      if (!literal) {
        throw new java.net.UnknownHostException();
      }
      ip = java.net.InetAddress.getByName(addr); // a literal: no name lookup
    } catch (java.net.UnknownHostException e) {
      throw new ConfigException(field + " must be an IP address or a CIDR block such as 10.0.0.0/8 or ::1/128, was " + text);
    }
    int max = ip.getAddress().length * 8;
    int prefix;
    try {
      prefix = slash < 0 ? max : Integer.parseInt(t.substring(slash + 1));
    } catch (NumberFormatException e) {
      prefix = -1;
    }
    if (prefix < 0 || prefix > max) {
      throw new ConfigException(field + ": the prefix length must be 0-" + max + ", was " + text);
    }
    return ip.getHostAddress() + "/" + prefix;
  }

  private static long openFileLimit() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean u) {
      return u.getMaxFileDescriptorCount();
    }
    return 10_000;
  }
}
