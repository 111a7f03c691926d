package portcullis.server.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.Locale;
import portcullis.core.Identity;
import portcullis.core.Outcome;

/**
 * Forward-auth: a proxy in front (nginx {@code auth_request}, Traefik ForwardAuth, Envoy ext_authz)
 * asks whether the original request may pass. 200 with the {@code X-Portcullis-*} identity headers
 * when it may (all four, empty when a value does not apply, so that a proxy copying them overwrites
 * whatever the client sent, plus {@code X-Portcullis-Uri}: the original target without credential
 * parameters); otherwise the scheme's own failure (status, challenges, body).
 *
 * <p>Only {@code limits.trustedProxies} may ask (403 for anyone else): the original request is
 * described by headers the proxy sets, overwriting the client's, {@code X-Forwarded-Method} and
 * {@code X-Forwarded-Uri} (also {@code X-Forwarded-Host} and {@code X-Forwarded-Proto} when present),
 * or (Envoy's {@code path_prefix}) by the check request itself: {@code /_portcullis/auth/<original
 * path>} with the original method. {@code X-Original-URI}/{@code X-Original-Method} are refused, not
 * read: a configuration still setting them would leave a client's own {@code X-Forwarded-Uri} in
 * charge. Bodies are not forwarded by these proxies, so the schemes see an empty one.
 */
final class ForwardAuth {
  static final String PATH = "/_portcullis/auth";
  static final String METHOD = "X-Forwarded-Method";
  static final String URI = "X-Forwarded-Uri";
  private static final Buffer NO_BODY = Buffer.buffer(0);
  private final RouteTable routes;
  private final Authenticator authenticator;
  private final TrustedProxies proxies;
  private final Hop hop;
  private ClientTransport transport = ClientTransport.TRUSTING;

  void transport(ClientTransport transport) {
    this.transport = transport.forwardAuth();
  }

  ForwardAuth(RouteTable routes, Authenticator authenticator, TrustedProxies proxies, Hop hop) {
    this.routes = routes;
    this.authenticator = authenticator;
    this.proxies = proxies;
    this.hop = hop;
  }

  void handle(HttpServerRequest req, Exchange x) {
    String reference = x.reference;
    HttpServerResponse resp = req.response();
    if (!req.isEnded()) {
      Bodies.closeAfter(req); // a check request's body is never read
    }
    if (!proxies.trusts(req.remoteAddress())) {
      String from = req.remoteAddress() == null ? "this address" : Paths.printable(req.remoteAddress().hostAddress());
      Responses.plain(resp, 403, "Forbidden", "Forward-auth answers only the proxies listed in limits.trustedProxies; "
          + from + " is not one.", reference);
      return;
    }
    String path = req.path();
    String method;
    String target;
    if (path.length() > PATH.length() && path.charAt(PATH.length()) == '/') {
      method = req.method().name();
      target = path.substring(PATH.length()) + (req.query() == null ? "" : "?" + req.query());
    } else if (path.length() == PATH.length()) {
      if (req.headers().contains("X-Original-URI") || req.headers().contains("X-Original-Method")) {
        Responses.plain(resp, 400, "Bad Request", "Forward-auth reads the original request from X-Forwarded-Method and"
            + " X-Forwarded-Uri only; set those in the proxy (docs/forward-auth.md), not X-Original-URI/X-Original-Method.", reference);
        return;
      }
      List<String> methods = req.headers().getAll(METHOD);
      List<String> targets = req.headers().getAll(URI);
      if (methods.size() != 1 || targets.size() != 1 || !targets.get(0).startsWith("/") || methods.get(0).isBlank()) {
        Responses.plain(resp, 400, "Bad Request", "Forward-auth needs exactly one X-Forwarded-Method and one X-Forwarded-Uri"
            + " (an absolute path), set by the proxy.", reference);
        return;
      }
      method = methods.get(0).trim().toUpperCase(Locale.ROOT);
      target = targets.get(0);
    } else {
      Responses.plain(resp, 404, "Not Found", "No route matches " + Paths.printable(path) + ".", reference);
      return;
    }
    int q = target.indexOf('?');
    String origPath = q < 0 ? target : target.substring(0, q);
    String origQuery = q < 0 ? "" : target.substring(q + 1);
    String refusal = Paths.targetRefusal(origPath, origQuery);
    String routePath = refusal != null ? null : Paths.normalize(origPath);
    if (refusal == null) {
      refusal = routePath == null ? Paths.MALFORMED : Paths.refusal(routePath);
    }
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
    RouteTable.Route route = match.route();
    String host = req.getHeader("X-Forwarded-Host");
    VertxRequestView view = new VertxRequestView(req, method, origPath, origQuery, NO_BODY, host).from(proxies.clientAddress(req))
        .over(transport);
    String stripped = hop.stripQuery(origQuery);
    String upstreamUri = route.canonical(routePath) + (stripped.isEmpty() ? "" : "?" + stripped);
    authenticator.run(view, route.policy(), reference, outcome -> {
      x.authenticated(route.name(), outcome, view, route.policy());
      if (outcome instanceof Outcome.Rejected r) {
        Failures.write(resp, r.failure());
        return;
      }
      Outcome.Authenticated ok = (Outcome.Authenticated) outcome;
      for (var h : ok.responseHeaders()) {
        resp.headers().add(h.getKey(), h.getValue()); // from the post-authentication chain
      }
      Identity id = ok.identity();
      resp.putHeader(H.ACCOUNT, id.accountId()).putHeader(H.CLIENT, id.clientKey() == null ? "" : id.clientKey())
          .putHeader(H.SCHEME, id.scheme()).putHeader(H.SCOPES, id.scopeString()).putHeader(H.URI, upstreamUri)
          .putHeader(H.CACHE_CONTROL, H.NO_STORE).setStatusCode(200).end();
    }, () -> Failures.write(resp, route.policy().dialect().unavailable()));
  }
}
