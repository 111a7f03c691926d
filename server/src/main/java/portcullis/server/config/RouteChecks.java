package portcullis.server.config;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import portcullis.core.RouteOption;
import portcullis.server.module.Modules;

/**
 * Checks one {@code routes[]} entry: path, methods, upstream, and the schemes, dialect and options
 * the modules' schemes declare ({@link portcullis.core.SchemeDescription}).
 */
final class RouteChecks {
  static final Pattern SCOPE = Pattern.compile("[A-Za-z0-9:._/\\-]{1,64}");
  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
  private final Modules modules;

  RouteChecks(Modules modules) {
    this.modules = modules;
  }

  private static <T> T or(T v, T fallback) {
    return v == null ? fallback : v;
  }

  /** One route, {@code at} naming it in messages ({@code routes[2]}). */
  Settings.RouteSpec route(GatewayConfig.RouteConfig r, String at, Set<String> declared, Set<String> switchedOff) {
    if (r == null) {
      throw new ConfigException(at + ": empty route");
    }
    String path = r.path();
    if (path == null || !path.startsWith("/") || path.contains("..") || path.contains("?")) {
      throw new ConfigException(at + ".path must start with / and contain no '..' or '?', was " + path);
    }
    String[] segments = path.split("/", -1);
    for (int s = 0; s < segments.length - 1; s++) {
      if (segments[s].equals("**")) {
        throw new ConfigException(at + ".path: '**' may only be the last segment, was " + path);
      }
    }
    String name = or(r.name(), path);
    Set<String> methods = new LinkedHashSet<>();
    for (String m : or(r.methods(), List.of("GET"))) {
      String up = m == null ? "" : m.toUpperCase(Locale.ROOT);
      if (!METHODS.contains(up)) {
        throw new ConfigException(at + ".methods: unknown method " + m + " (allowed: " + String.join(", ", METHODS) + ")");
      }
      methods.add(up);
    }
    String upstream = or(r.upstream(), "sample");
    if (!upstream.equals("sample") && !upstream.startsWith("http://") && !upstream.startsWith("https://")
        && !upstream.startsWith("builtin:")) {
      throw new ConfigException(at + ".upstream must be 'sample' or an http(s):// URL, was " + upstream);
    }
    if (upstream.startsWith("http")) {
      upstreamUrl(at + ".upstream", upstream);
    }
    if (r.schemes() == null || r.schemes().isEmpty()) {
      throw new ConfigException(at + ".schemes: at least one scheme is required (known: " + String.join(", ", modules.ids()) + ")");
    }
    for (String id : r.schemes()) {
      if (id == null || !modules.ids().contains(id)) {
        throw new ConfigException(at + ".schemes: unknown scheme '" + id + "' (known: " + String.join(", ", modules.ids()) + ")");
      }
      if (switchedOff.contains(id)) {
        throw new ConfigException(at + ".schemes: scheme '" + id + "' is switched off (schemes." + id + ".enabled is false);"
            + " remove it from the route's schemes");
      }
    }
    if (r.dialect() != null && !modules.dialects().contains(r.dialect())) {
      throw new ConfigException(at + ".dialect: unknown dialect '" + r.dialect() + "' (known: " + String.join(", ", modules.dialects()) + ")");
    }
    String clientKey = or(r.clientKey(), "required");
    if (!clientKey.equals("required") && !clientKey.equals("none")) {
      throw new ConfigException(at + ".clientKey must be 'required' or 'none', was " + clientKey);
    }
    Set<String> scopes = new LinkedHashSet<>(or(r.scopes(), List.of()));
    for (String sc : scopes) {
      if (sc == null || !SCOPE.matcher(sc).matches()) {
        throw new ConfigException(at + ".scopes: '" + sc + "' is not a valid scope name");
      }
      if (!declared.isEmpty() && !declared.contains(sc)) {
        throw new ConfigException(at + ".scopes: '" + sc + "' is not among the declared scopes " + declared);
      }
    }
    Map<String, String> options = new LinkedHashMap<>(or(r.options(), Map.of()));
    Map<String, RouteOption> known = modules.routeOptions();
    for (var e : options.entrySet()) {
      RouteOption option = known.get(e.getKey());
      if (option == null) {
        throw new ConfigException(at + ".options." + e.getKey() + ": unknown option (known: " + String.join(", ", known.keySet()) + ")");
      }
      if (!option.accepts(e.getValue())) {
        throw new ConfigException(at + ".options." + e.getKey() + " must be " + option.expected() + ", was " + e.getValue());
      }
    }
    List<String> challenges = r.challenges();
    if (challenges != null && (challenges.contains(null) || challenges.size() != Set.copyOf(challenges).size()
        || !Set.copyOf(challenges).equals(Set.copyOf(r.schemes())))) {
      throw new ConfigException(at + ".challenges must list each of the route's schemes " + r.schemes()
          + " once, in the order their WWW-Authenticate challenges are sent, was " + challenges);
    }
    return new Settings.RouteSpec(name, path, Set.copyOf(methods), upstream, List.copyOf(r.schemes()),
        clientKey.equals("required"), Set.copyOf(scopes), r.dialect(), Map.copyOf(options), rateLimit(at + ".rateLimit", r.rateLimit()),
        challenges == null ? null : List.copyOf(challenges));
  }

  /** {@code rateLimit: {requests: N, windowSeconds: W}}, both required; null when absent. */
  static portcullis.core.store.RateLimit rateLimit(String at, GatewayConfig.RateLimitSection r) {
    if (r == null) {
      return null;
    }
    if (r.requests() == null || r.windowSeconds() == null) {
      throw new ConfigException(at + " needs both requests and windowSeconds, e.g. {requests: 100, windowSeconds: 60}");
    }
    if (r.requests() < 1 || r.requests() > 100_000_000) {
      throw new ConfigException(at + ".requests must be 1-100000000, was " + r.requests());
    }
    if (r.windowSeconds() < 1 || r.windowSeconds() > 86_400) {
      throw new ConfigException(at + ".windowSeconds must be 1-86400 (a day), was " + r.windowSeconds());
    }
    return portcullis.core.store.RateLimit.of(r.requests(), r.windowSeconds());
  }

  /** An upstream base URL: http(s), a host, a port in range, no user info, query or fragment. */
  private static void upstreamUrl(String field, String url) {
    String shown = url.replaceAll("(?<=//).*@", "***@"); // user info may hold a ${PASSWORD}
    java.net.URI u;
    try {
      u = new java.net.URI(url);
    } catch (java.net.URISyntaxException e) {
      throw new ConfigException(field + " is not a valid URL (" + e.getReason() + "), was " + shown);
    }
    if (u.getHost() == null || u.getHost().isEmpty()) {
      throw new ConfigException(field + " needs a host name (http(s)://host[:port][/base]; no '_' in host names), was " + shown);
    }
    if (u.getPort() == 0 || u.getPort() > 65535) {
      throw new ConfigException(field + ": port must be between 1 and 65535, was " + shown);
    }
    if (u.getRawUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null) {
      throw new ConfigException(field + " must be http(s)://host[:port][/base] without user info, query or fragment, was " + shown);
    }
  }
}
