package portcullis.server.admin;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The admin API's last handler: a path that exists with other methods gets 405 with {@code Allow}
 * (as routes do, see docs/configuration.md), any other path 404; both in the admin error body.
 */
final class AdminFallback implements Handler<RoutingContext> {
  private static final List<HttpMethod> ORDER = List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT,
      HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS);
  private final Map<Pattern, Set<HttpMethod>> endpoints = new LinkedHashMap<>();

  /** @param routes the admin router's routes once every module has added its own */
  AdminFallback(List<Route> routes) {
    for (Route r : routes) {
      String path = r.getPath();
      if (path != null && path.startsWith("/admin/") && !path.endsWith("/") && r.methods() != null && !r.methods().isEmpty()) {
        endpoints.computeIfAbsent(template(path), p -> new LinkedHashSet<>()).addAll(r.methods());
      }
    }
  }

  /**
   * A route path such as {@code /admin/clients/:key} as a pattern; a parameter is one non-empty
   * segment, and a trailing slash is allowed (the router matches one too).
   */
  private static Pattern template(String path) {
    StringBuilder b = new StringBuilder();
    for (String segment : path.substring(1).split("/", -1)) {
      b.append('/').append(segment.startsWith(":") ? "[^/]+" : Pattern.quote(segment));
    }
    return Pattern.compile(b.append("/?").toString());
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.request().path();
    Set<HttpMethod> methods = new LinkedHashSet<>();
    endpoints.forEach((pattern, m) -> {
      if (pattern.matcher(path).matches()) {
        methods.addAll(m);
      }
    });
    if (methods.isEmpty()) {
      AdminApi.error(ctx, 404, "Not Found", "No admin endpoint " + ctx.request().method() + " " + path + ".");
      return;
    }
    String allow = String.join(", ", ORDER.stream().filter(methods::contains).map(HttpMethod::name).toList());
    ctx.response().putHeader("Allow", allow);
    AdminApi.error(ctx, 405, "Method Not Allowed", ctx.request().method() + " is not allowed on " + path + "; use " + allow + ".");
  }
}
