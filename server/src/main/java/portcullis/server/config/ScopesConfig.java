package portcullis.server.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the top-level {@code scopes:} list: each entry a scope name ({@code read}) or a described
 * scope ({@code {name: read, description: "Read your products"}}), the two forms mixed freely. The
 * descriptions are shown beside the names on the developer portal and the OAuth 1.0a authorization
 * page (HTML-escaped there).
 */
final class ScopesConfig {
  static final int MAX_DESCRIPTION = 200;

  private ScopesConfig() {}

  /** The declared scopes in the order given, each with its description ("" when none). */
  static Map<String, String> read(List<Object> scopes) {
    Map<String, String> out = new LinkedHashMap<>();
    if (scopes == null) {
      return out;
    }
    for (int i = 0; i < scopes.size(); i++) {
      Object entry = scopes.get(i);
      String at = "scopes[" + i + "]";
      String name;
      String description = "";
      if (entry instanceof String || entry instanceof Number || entry instanceof Boolean) {
        name = String.valueOf(entry); // what a YAML scalar reads as (a scope named 1 is the number 1)
      } else if (entry instanceof Map<?, ?> m) {
        for (Object key : m.keySet()) {
          if (!"name".equals(key) && !"description".equals(key)) {
            throw new ConfigException(at + ": unknown field '" + key + "' (a scope is a name, or {name, description})");
          }
        }
        Object n = m.get("name");
        if (!(n instanceof String || n instanceof Number || n instanceof Boolean)) {
          throw new ConfigException(at + ".name: required, the scope's name (1-64 of A-Z a-z 0-9 : . _ / -)"
              + (n == null ? "" : ", was " + n));
        }
        name = String.valueOf(n);
        Object d = m.get("description");
        if (d != null && !(d instanceof String)) {
          throw new ConfigException(at + ".description: must be text, was " + d);
        }
        description = d == null ? "" : ((String) d).strip();
        if (description.length() > MAX_DESCRIPTION) {
          throw new ConfigException(at + ".description: at most " + MAX_DESCRIPTION + " characters, was " + description.length());
        }
        if (description.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
          throw new ConfigException(at + ".description: must not contain control characters (line breaks included)");
        }
      } else {
        throw new ConfigException(at + ": must be a scope name or {name, description}, was " + entry);
      }
      if (!RouteChecks.SCOPE.matcher(name).matches()) {
        throw new ConfigException("scopes: '" + name + "' is not a valid scope name (1-64 of A-Z a-z 0-9 : . _ / -)");
      }
      if (out.containsKey(name)) {
        throw new ConfigException(at + ": scope '" + name + "' is declared twice");
      }
      out.put(name, description);
    }
    return Collections.unmodifiableMap(out);
  }
}
