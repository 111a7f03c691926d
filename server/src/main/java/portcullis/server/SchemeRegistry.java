package portcullis.server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import portcullis.core.Dialect;
import portcullis.core.Scheme;
import portcullis.server.config.ConfigException;

/** The schemes and dialects this build knows, by configuration id. */
public final class SchemeRegistry {
  private final Map<String, Scheme> schemes = new LinkedHashMap<>();
  private final Map<String, Dialect> dialects = new LinkedHashMap<>();
  private final Map<String, String> defaultDialect = new LinkedHashMap<>();
  private final Map<String, String> disabled = new LinkedHashMap<>();

  /** Adds a scheme; {@code dialect} answers its routes' requests that carry no credentials. */
  public void register(Scheme scheme, Dialect dialect) {
    schemes.put(scheme.id(), scheme);
    dialects.putIfAbsent(dialect.id(), dialect);
    defaultDialect.put(scheme.id(), dialect.id());
  }

  /** Records that a known scheme is switched off by configuration, so routes naming it are refused with {@code why}. */
  public void disable(String id, String why) {
    disabled.put(id, why);
  }

  public Scheme scheme(String id, String where) {
    if (disabled.containsKey(id)) {
      throw new ConfigException(where + ": scheme '" + id + "' is switched off (" + disabled.get(id) + "); remove it from the route's schemes");
    }
    Scheme s = schemes.get(id);
    if (s == null) {
      throw new ConfigException(where + ": unknown scheme '" + id + "'. Tried: " + String.join(", ", new TreeSet<>(schemes.keySet())));
    }
    return s;
  }

  public Dialect dialect(String id, String firstScheme, String where) {
    String name = id != null ? id : defaultDialect.get(firstScheme);
    Dialect d = dialects.get(name);
    if (d == null) {
      throw new ConfigException(where + ": unknown dialect '" + name + "'. Tried: " + String.join(", ", new TreeSet<>(dialects.keySet())));
    }
    return d;
  }
}
