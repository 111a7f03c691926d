package portcullis.server.http;

import java.util.List;
import java.util.Set;
import portcullis.core.RoutePolicy;

/**
 * Matches a request path and method to a configured route. Patterns are literal segments, {@code *}
 * (one segment) and a trailing {@code **} (the rest). First route in configuration order wins.
 * Literal segments match whatever their case ({@code /api/ADMIN/x} is checked as {@code
 * /api/admin/**}, since many upstreams do not tell them apart) and the upstream then receives them
 * spelled as the route spells them ({@link Route#canonical}), so the path checked is the path sent.
 */
final class RouteTable {
  /** A compiled route. */
  record Route(String name, String[] segments, boolean tail, Set<String> methods, RoutePolicy policy, Upstream upstream,
      String pattern) {
    Route(String name, String[] segments, boolean tail, Set<String> methods, RoutePolicy policy, Upstream upstream) {
      this(name, segments, tail, methods, policy, upstream,
          "/" + String.join("/", segments) + (tail ? (segments.length == 0 ? "**" : "/**") : ""));
    }

    boolean matches(String[] path) {
      int n = segments.length;
      if (tail ? path.length < n : path.length != n) {
        return false;
      }
      for (int i = 0; i < n; i++) {
        if (!segments[i].equals("*") && !segments[i].equalsIgnoreCase(path[i])) {
          return false;
        }
      }
      return true;
    }

    /** The route's path pattern as configured (such as {@code /v2/**}): OpenTelemetry's {@code http.route}. */
    @Override
    public String pattern() {
      return pattern;
    }

    /** {@code routePath} (which this route matches) with its literal segments spelled as the route spells them. */
    String canonical(String routePath) {
      return canonical(routePath, split(routePath));
    }

    /** The same, given {@code routePath} {@linkplain RouteTable#split split} already (as {@link Match#path()}); may change {@code path}. */
    String canonical(String routePath, String[] path) {
      boolean same = true;
      for (int i = 0; i < segments.length && same; i++) {
        same = segments[i].equals("*") || segments[i].equals(path[i]);
      }
      if (same) {
        return routePath;
      }
      for (int i = 0; i < segments.length; i++) {
        if (!segments[i].equals("*")) {
          path[i] = segments[i];
        }
      }
      return "/" + String.join("/", path) + (routePath.length() > 1 && routePath.endsWith("/") ? "/" : "");
    }
  }

  /** Result of a lookup: a route, or "path known but method not allowed" (with the allowed set). */
  /** A route, or (route null) the methods allowed on the path and the first route matching it, whose dialect answers the 405. */
  /** {@code path}: the request path's segments, as {@link #split} made them (for {@link Route#canonical(String, String[])}). */
  record Match(Route route, Set<String> allowed, Route onPath, String[] path) {}

  private final List<Route> routes;

  RouteTable(List<Route> routes) {
    this.routes = List.copyOf(routes);
  }

  static Route compile(String name, String pattern, Set<String> methods, RoutePolicy policy, Upstream upstream) {
    String[] segs = split(pattern);
    boolean tail = segs.length > 0 && segs[segs.length - 1].equals("**");
    if (tail) {
      segs = java.util.Arrays.copyOf(segs, segs.length - 1);
    }
    return new Route(name, segs, tail, methods, policy, upstream);
  }

  static String[] split(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    if (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.isEmpty() ? new String[0] : p.split("/", -1);
  }

  /** The route for this method and path; null route with the allowed methods on 405; null when none. */
  Match match(String method, String path) {
    String[] segs = split(path);
    Set<String> allowed = null;
    Route first = null;
    for (Route r : routes) {
      if (r.matches(segs)) {
        if (r.methods().contains(method) || (method.equals("HEAD") && r.methods().contains("GET"))) {
          return new Match(r, null, r, segs);
        }
        if (allowed == null) {
          allowed = new java.util.TreeSet<>();
          first = r;
        }
        allowed.addAll(r.methods());
        if (r.methods().contains("GET")) {
          allowed.add("HEAD"); // answered wherever GET is
        }
      }
    }
    return allowed == null ? null : new Match(null, allowed, first, segs);
  }
}
