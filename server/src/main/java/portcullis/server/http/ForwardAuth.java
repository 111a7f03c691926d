package portcullis.server.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Locale;
import portcullis.core.Identity;
import portcullis.core.Outcome;

/**
 * Forward-auth: a proxy in front (nginx {@code auth_request}, Traefik ForwardAuth, Envoy ext_authz)
 * asks whether the original request may pass. 200 with the {@code X-Portcullis-*} identity headers
 * when it may; otherwise the scheme's own failure (status, challenges, body).
 *
 * <p>The original request is described by {@code X-Forwarded-Method} / {@code X-Original-Method}
 * and {@code X-Forwarded-Uri} / {@code X-Original-URI}, or (Envoy's {@code path_prefix}) by the check
 * request itself: {@code /_portcullis/auth/<original path>} with the original method. Its headers
 * are the check request's. Bodies are not forwarded by these proxies, so schemes that sign the body
 * (KSig1, OAuth 1.0a form parameters) need the reverse-proxy mode.
 */
final class ForwardAuth {
  static final String PATH = "/_portcullis/auth";
  private final RouteTable routes;
  private final Authenticator authenticator;

  ForwardAuth(RouteTable routes, Authenticator authenticator) {
    this.routes = routes;
    this.authenticator = authenticator;
  }

  void handle(HttpServerRequest req, String reference) {
    HttpServerResponse resp = req.response();
    String path = req.path();
    String method;
    String target;
    if (path.length() > PATH.length() && path.charAt(PATH.length()) == '/') {
      method = req.method().name();
      target = path.substring(PATH.length()) + (req.query() == null ? "" : "?" + req.query());
    } else if (path.length() == PATH.length()) {
      method = first(req, "X-Forwarded-Method", "X-Original-Method");
      target = first(req, "X-Forwarded-Uri", "X-Original-URI");
      if (target == null || !target.startsWith("/")) {
        Responses.plain(resp, 400, "Bad Request",
            "Forward-auth needs the original request target in X-Forwarded-Uri or X-Original-URI (an absolute path).", reference);
        return;
      }
      method = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
    } else {
      Responses.plain(resp, 404, "Not Found", "No route matches " + Paths.printable(path) + ".", reference);
      return;
    }
    int q = target.indexOf('?');
    String origPath = q < 0 ? target : target.substring(0, q);
    String origQuery = q < 0 ? "" : target.substring(q + 1);
    String routePath = Paths.normalize(origPath);
    String refusal = routePath == null ? Paths.MALFORMED : Paths.refusal(routePath);
    if (refusal != null) {
      Responses.plain(resp, 400, "Bad Request", refusal, reference);
      return;
    }
    RouteTable.Match match = routes.match(method, routePath);
    if (match == null || match.route() == null) {
      Responses.plain(resp, match == null ? 404 : 405, match == null ? "Not Found" : "Method Not Allowed",
          "No route matches " + Paths.printable(method + " " + origPath) + ".", reference);
      return;
    }
    VertxRequestView view = new VertxRequestView(req, method, origPath, origQuery, null);
    authenticator.run(view, match.route().policy(), reference, outcome -> {
      if (outcome instanceof Outcome.Rejected r) {
        Authenticator.reject(resp, r.failure(), reference);
        return;
      }
      Identity id = ((Outcome.Authenticated) outcome).identity();
      resp.putHeader(H.ACCOUNT, id.accountId());
      if (id.clientKey() != null) {
        resp.putHeader(H.CLIENT, id.clientKey());
      }
      resp.putHeader(H.SCHEME, id.scheme()).putHeader(H.SCOPES, id.scopeString())
          .putHeader(H.CACHE_CONTROL, H.NO_STORE).setStatusCode(200).end();
    });
  }

  private static String first(HttpServerRequest req, String a, String b) {
    String v = req.getHeader(a);
    return v != null ? v : req.getHeader(b);
  }
}
