package portcullis.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import portcullis.core.Dialect;
import portcullis.core.Scheme;
import portcullis.core.SchemeDescription;
import portcullis.server.config.ConfigException;
import portcullis.server.module.Modules;

/**
 * The schemes and dialects this gateway installed, by configuration id. A scheme is registered with
 * the dialect its module's {@link SchemeDescription} names; the descriptions of every module (known
 * before any is installed) are here too, for what a scheme needs to know of the others.
 */
public final class SchemeRegistry {
  private final Modules modules;
  private final Map<String, Scheme> schemes = new LinkedHashMap<>();
  private final Map<String, Dialect> dialects = new LinkedHashMap<>();
  private final Map<String, String> defaultDialect = new LinkedHashMap<>();
  private final Map<String, String> disabled = new LinkedHashMap<>();

  public SchemeRegistry(Modules modules) {
    this.modules = modules;
  }

  /** Adds a scheme; its description's dialect answers its routes' requests that carry no credentials. */
  public void register(Scheme scheme) {
    SchemeDescription d = modules.scheme(scheme.id()).orElseThrow(() -> new IllegalStateException("scheme '" + scheme.id()
        + "' is registered but no module describes it (GatewayModule.description())"));
    schemes.put(scheme.id(), scheme);
    dialects.putIfAbsent(d.dialect().id(), d.dialect());
    defaultDialect.put(scheme.id(), d.dialect().id());
  }

  /** Records that a known scheme is switched off by configuration, so routes naming it are refused with {@code why}. */
  public void disable(String id, String why) {
    disabled.put(id, why);
  }

  /** The {@code Authorization} words of every described scheme but {@code id} (whose header is not {@code id}'s). */
  public List<String> otherAuthorizationWords(String id) {
    return modules.authorizationWordsExcept(id);
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
