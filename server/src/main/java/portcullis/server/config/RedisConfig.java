package portcullis.server.config;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and checks the {@code redis:} section of the configuration (cluster mode, docs/cluster.md). */
final class RedisConfig {
  private RedisConfig() {}

  private static final Pattern REDIS_URL =
      Pattern.compile("(rediss?)://(?:([^@/]*)@)?(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+)(?::([0-9]{1,5}))?(?:/([0-9]{0,5}))?");

  /**
   * The {@code redis:} section ({@code PORTCULLIS_REDIS_URL}, {@code PORTCULLIS_REDIS_PASSWORD}
   * override it): null without a URL. Messages show the URL without its user info (a password).
   */
  static Settings.Redis read(Map<String, String> env, GatewayConfig.RedisSection r) {
    String url = ConfigLoader.firstNonBlank(env.get("PORTCULLIS_REDIS_URL"), r.url());
    String password = ConfigLoader.firstNonBlank(env.get("PORTCULLIS_REDIS_PASSWORD"), r.password());
    if (url == null) {
      if (password != null) {
        throw new ConfigException("redis.password is set but redis.url is not: give redis.url (redis://host:port/db) or remove the password");
      }
      return null;
    }
    url = url.trim();
    Matcher m = REDIS_URL.matcher(url);
    if (!m.matches()) {
      throw new ConfigException("redis.url must be redis://host:port/db or rediss://host:port/db (TLS), was "
          + Settings.Redis.redacted(url));
    }
    if (m.group(4) != null) {
      ConfigLoader.range("redis.url's port", Integer.parseInt(m.group(4)), 1, 65535);
    }
    if (m.group(5) != null && !m.group(5).isEmpty()) {
      ConfigLoader.range("redis.url's database", Integer.parseInt(m.group(5)), 0, 9999);
    }
    String userInfo = m.group(2);
    if (password != null && userInfo != null && userInfo.contains(":")) {
      throw new ConfigException("redis.password is set and redis.url carries a password too: give it in one place");
    }
    return new Settings.Redis(url, password);
  }
}
