package portcullis.store.jdbc;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the store lives. {@code url} is a JDBC URL: {@code jdbc:h2:...} (embedded, the default) or
 * {@code jdbc:postgresql://...}.
 *
 * @param url JDBC URL
 * @param username database user, may be empty for H2
 * @param password database password, may be empty; never logged
 * @param poolSize maximum pooled connections (1..200)
 */
public record JdbcStoreConfig(String url, String username, String password, int poolSize) {
  public JdbcStoreConfig {
    Objects.requireNonNull(url, "url == null");
    if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "store url must start with jdbc:h2: or jdbc:postgresql:, was " + url.replaceAll("password=[^&;]*", "password=***"));
    }
    if (poolSize < 1 || poolSize > 200) {
      throw new IllegalArgumentException("store poolSize must be between 1 and 200, was " + poolSize);
    }
    username = username == null ? "" : username;
    password = password == null ? "" : password;
  }

  /** The embedded H2 file database under {@code dataDir}. */
  public static JdbcStoreConfig embedded(Path dataDir) {
    String file = dataDir.toAbsolutePath().resolve("portcullis").toString();
    return new JdbcStoreConfig("jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", 8);
  }

  public boolean isPostgres() {
    return url.startsWith("jdbc:postgresql:");
  }

  @Override
  public String toString() {
    return "JdbcStoreConfig[url=" + url.replaceAll("password=[^&;]*", "password=***") + ", poolSize=" + poolSize + "]";
  }
}
