package portcullis.server.http;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import portcullis.core.Identity;
import portcullis.core.Outcome;
import portcullis.server.CachingDirectory;

/**
 * The request path from socket to upstream: health and admin endpoints, route match, body
 * buffering under the size limit, authentication (from caches on the event loop; on a miss, again
 * on the bounded worker pool), then the failure in the scheme's dialect or the forward upstream.
 */
final class GatewayHandler implements Handler<HttpServerRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayHandler.class);
  private final RouteTable routes;
  private final CachingDirectory directory;
  private final WorkerExecutor worker;
  private final Handler<HttpServerRequest> admin;
  private final Handler<HttpServerRequest> extra;
  private final OwnEndpoints extraPaths;
  private final int maxBody;
  private final Authenticator authenticator;
  private final Metrics metrics;
  private final ForwardAuth forwardAuth;

  GatewayHandler(RouteTable routes, CachingDirectory directory, WorkerExecutor worker,
      Handler<HttpServerRequest> admin, OwnEndpoints extra, int maxBody, Metrics metrics) {
    this.routes = routes;
    this.directory = directory;
    this.worker = worker;
    this.admin = admin;
    this.extra = extra;
    this.extraPaths = extra;
    this.maxBody = maxBody;
    this.metrics = metrics;
    this.authenticator = new Authenticator(directory, worker, metrics);
    this.forwardAuth = new ForwardAuth(routes, authenticator);
  }

  static String newReference() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return Long.toHexString(r.nextLong() | Long.MIN_VALUE).substring(1) + Long.toHexString(r.nextLong() | Long.MIN_VALUE).substring(1, 8);
  }

  @Override
  public void handle(HttpServerRequest req) {
    String reference = newReference();
    HttpServerResponse resp = req.response();
    resp.putHeader(HttpHeaders.DATE, HttpDate.now()).putHeader(H.REQUEST_ID, reference);
    String path = req.path();
    if (path == null || path.isEmpty() || path.charAt(0) != '/') {
      Responses.plain(resp, 400, "Bad Request", "The request target must be an absolute path.", reference);
      return;
    }
    String routePath = Paths.normalize(path);
    if (routePath == null) {
      Responses.plain(resp, 400, "Bad Request", Paths.MALFORMED, reference);
      return;
    }
    if (path.equals("/metrics")) {
      resp.putHeader(H.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape());
      return;
    }
    if (path.equals("/healthz")) {
      resp.putHeader(H.CONTENT_TYPE, H.JSON).end("{\"status\":\"ok\"}");
      return;
    }
    if (path.equals("/readyz")) {
      worker.executeBlocking(() -> {
        directory.store().ping();
        return true;
      }, false).onComplete(ar -> {
        if (ar.succeeded()) {
          resp.putHeader("Content-Type", "application/json").end("{\"status\":\"ready\"}");
        } else {
          LOG.warn("readyz: store unavailable: {}", ar.cause().getMessage());
          resp.setStatusCode(503).putHeader("Content-Type", "application/json").end("{\"status\":\"unavailable\",\"store\":\"down\"}");
        }
      });
      return;
    }
    String[] label = {path.startsWith("/admin") ? "admin" : path.startsWith(ForwardAuth.PATH) ? "forward-auth" : "no-route"};
    resp.bodyEndHandler(v -> metrics.request(label[0], resp.getStatusCode()));
    if (path.startsWith(ForwardAuth.PATH)) {
      continueIfAsked(req);
      forwardAuth.handle(req, reference);
      return;
    }
    if (path.equals("/admin") || path.startsWith("/admin/")) {
      continueIfAsked(req);
      admin.handle(req);
      return;
    }
    if (extra != null && extraPaths.handles(path)) {
      label[0] = "endpoints";
      continueIfAsked(req);
      extra.handle(req);
      return;
    }
    String refusal = Paths.refusal(routePath);
    if (refusal != null) {
      Responses.plain(resp, 400, "Bad Request", refusal, reference);
      return;
    }
    RouteTable.Match match = routes.match(req.method().name(), routePath);
    if (match == null) {
      Responses.plain(resp, 404, "Not Found", "No route matches " + Paths.printable(req.method().name() + " " + path) + ".", reference);
      return;
    }
    if (match.route() == null) {
      resp.putHeader("Allow", String.join(", ", match.allowed()));
      Responses.plain(resp, 405, "Method Not Allowed", "This route accepts " + String.join(", ", match.allowed()) + ".", reference);
      return;
    }
    RouteTable.Route route = match.route();
    label[0] = route.name();
    String query = req.query() == null ? "" : req.query();
    if (!mayHaveBody(req)) {
      authenticate(req, route, path, routePath, query, null, reference);
      return;
    }
    String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      long n;
      try {
        n = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < 0) {
        closeAfter(req);
        Responses.plain(resp, 400, "Bad Request", "Content-Length is not a number.", reference);
        return;
      }
      if (n > maxBody) {
        tooLarge(req, reference);
        return;
      }
    }
    continueIfAsked(req);
    Buffer body = Buffer.buffer();
    boolean[] failed = {false};
    req.handler(chunk -> {
      if (failed[0]) {
        return;
      }
      if (body.length() + chunk.length() > maxBody) {
        failed[0] = true;
        tooLarge(req, reference);
        return;
      }
      body.appendBuffer(chunk);
    });
    req.endHandler(v -> {
      if (!failed[0]) {
        authenticate(req, route, path, routePath, query, body, reference);
      }
    });
  }

  /**
   * Sends {@code 100 Continue} to a client waiting for it (curl does, a second, before a body), once
   * the request is known to be wanted: refusals (413, 404, 405, 400) go out without it, so the
   * client never sends a body that would be thrown away.
   */
  private static void continueIfAsked(HttpServerRequest req) {
    String expect = req.getHeader(HttpHeaders.EXPECT);
    if (expect != null && req.version() != io.vertx.core.http.HttpVersion.HTTP_1_0 && "100-continue".equalsIgnoreCase(expect.trim())) {
      req.response().writeContinue();
    }
  }

  private void tooLarge(HttpServerRequest req, String reference) {
    HttpServerResponse resp = req.response();
    closeAfter(req);
    Responses.plain(resp, 413, "Payload Too Large", "The request body is over the limit of " + maxBody + " bytes.", reference);

  }

  /** Asks HTTP/1.x clients to close the connection (the rest of their body is not read). */
  private static void closeAfter(HttpServerRequest req) {
    if (req.version() != io.vertx.core.http.HttpVersion.HTTP_2) {
      req.response().putHeader("Connection", "close");
    }
  }

  private static boolean mayHaveBody(HttpServerRequest req) {
    String len = req.getHeader(HttpHeaders.CONTENT_LENGTH);
    return (len != null && !len.trim().equals("0")) || req.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
  }

  /** {@code path} is the raw path the client sent (and may have signed); {@code routePath} the normalized one. */
  private void authenticate(HttpServerRequest req, RouteTable.Route route, String path, String routePath, String query,
      Buffer body, String reference) {
    VertxRequestView view = new VertxRequestView(req, path, query, body);
    authenticator.run(view, route.policy(), reference, outcome -> finish(req, route, routePath, query, body, outcome, reference));
  }

  private void finish(HttpServerRequest req, RouteTable.Route route, String routePath, String query, Buffer body,
      Outcome outcome, String reference) {
    if (outcome instanceof Outcome.Rejected r) {
      Authenticator.reject(req.response(), r.failure(), reference);
      return;
    }
    Identity id = ((Outcome.Authenticated) outcome).identity();
    MultiMap fwd = HttpHeaders.headers();
    java.util.Set<String> nominated = Hop.nominated(req.headers().getAll(HttpHeaders.CONNECTION));
    for (var e : req.headers()) {
      if (!Hop.isStrippedRequestHeader(e.getKey()) && !Hop.isNominated(nominated, e.getKey())) {
        if (e.getKey().equalsIgnoreCase("Cookie")) {
          String kept = Hop.stripOwnCookies(e.getValue());
          if (!kept.isEmpty()) {
            fwd.add(e.getKey(), kept);
          }
        } else {
          fwd.add(e.getKey(), e.getValue());
        }
      }
    }
    fwd.set(H.ACCOUNT, id.accountId());
    if (id.clientKey() != null) {
      fwd.set(H.CLIENT, id.clientKey());
    }
    fwd.set(H.SCHEME, id.scheme());
    fwd.set(H.SCOPES, id.scopeString());
    String remote = req.remoteAddress() == null ? "" : req.remoteAddress().hostAddress();
    String prior = req.getHeader("X-Forwarded-For");
    fwd.set(H.FORWARDED_FOR, prior == null ? remote : prior + ", " + remote);
    fwd.set(H.FORWARDED_PROTO, req.isSSL() ? H.HTTPS : H.HTTP);
    if (req.authority() != null) {
      fwd.set(H.FORWARDED_HOST, req.authority().toString());
    }
    fwd.set(H.REQUEST_ID, reference);
    String q = Hop.stripQuery(query);
    String uri = q.isEmpty() ? routePath : routePath + "?" + q;
    route.upstream().forward(req.method(), uri, fwd, body, req.response(), reference);
  }
}
