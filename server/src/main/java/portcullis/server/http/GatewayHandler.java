package portcullis.server.http;

import io.vertx.core.Future;
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
import org.slf4j.MDC;
import portcullis.core.Identity;
import portcullis.core.Outcome;
import portcullis.server.CachingDirectory;
import portcullis.server.redis.RedisConnection;

/**
 * The request path from socket to upstream: health and admin endpoints, target checks, route match,
 * authentication (from caches on the event loop; on a miss again on the bounded worker pool; Argon2id
 * on the password-check threads), then the failure in the scheme's dialect or the forward upstream.
 * A request body stays on the wire (the request paused) until a scheme asks for it or the request
 * is authenticated; it is then read through {@link Bodies}.
 */
final class GatewayHandler implements Handler<HttpServerRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayHandler.class);
  private static final Buffer NO_BODY = Buffer.buffer(0);
  /** Marks (by identity) a body left on the wire for the upstream to receive as it arrives. */
  private static final Buffer STREAMED = Buffer.buffer(0);
  private final RouteTable routes;
  private final CachingDirectory directory;
  private final WorkerExecutor worker;
  private final Handler<HttpServerRequest> admin;
  private final OwnEndpoints extra;
  private final int maxBody;
  private final Authenticator authenticator;
  private final Metrics metrics;
  private final ForwardAuth forwardAuth;
  private final Bodies bodies;
  private final TrustedProxies proxies;
  private final ConnectionLimits connections;
  private final Hop hop;
  private final RedisConnection redis; // null without redis.url
  private final Observer observer;
  private final Tracing tracing;
  private ClientTransport transport = ClientTransport.TRUSTING;
  private String hsts; // Strict-Transport-Security on TLS responses, or null

  /** How requests travel (TLS, trusted proxies, plaintext credentials) and the HSTS value; before the first request. */
  GatewayHandler transport(ClientTransport transport, String hsts) {
    this.transport = transport;
    this.hsts = hsts;
    forwardAuth.transport(transport);
    return this;
  }

  /**
   * {@code /readyz}: the store pinged on the worker pool and, when configured, Redis pinged on its
   * command connection, at once; 200 when both answer, else 503 naming which is down. With Redis down
   * it also says {@code "limits":"local"}: each node enforces rate limits divided by {@code
   * cluster.expectedNodes} and counts failed logins alone until Redis is back.
   */
  private void ready(HttpServerResponse resp) {
    Future<Boolean> store = worker.executeBlocking(() -> {
      directory.store().ping();
      return true;
    }, false).recover(e -> {
      LOG.warn("readyz: store unavailable: {}", e.getMessage());
      return Future.succeededFuture(false);
    });
    Future<Boolean> cache = redis == null ? Future.succeededFuture(true) : redis.ping().map(true).recover(e -> {
      LOG.warn("readyz: {}", e.getMessage());
      return Future.succeededFuture(false);
    });
    Future.all(store, cache).onComplete(ar -> {
      boolean storeUp = store.result();
      boolean redisUp = cache.result();
      String parts = redis == null ? (storeUp ? "" : ",\"store\":\"down\"")
          : ",\"store\":\"" + (storeUp ? "up" : "down") + "\",\"redis\":\"" + (redisUp ? "up" : "down") + "\""
              + (redisUp ? "" : ",\"limits\":\"local\"");
      boolean ready = storeUp && redisUp;
      resp.setStatusCode(ready ? 200 : 503).putHeader("Content-Type", "application/json")
          .end("{\"status\":\"" + (ready ? "ready" : "unavailable") + "\"" + parts + "}");
    });
  }

  GatewayHandler(RouteTable routes, CachingDirectory directory, WorkerExecutor worker, Handler<HttpServerRequest> admin,
      OwnEndpoints extra, int maxBody, Metrics metrics, Authenticator authenticator, Bodies bodies, TrustedProxies proxies,
      ConnectionLimits connections, Hop hop, RedisConnection redis, Observer observer, Tracing tracing) {
    this.routes = routes;
    this.tracing = tracing;
    this.observer = observer;
    this.redis = redis;
    this.directory = directory;
    this.worker = worker;
    this.admin = admin;
    this.extra = extra;
    this.maxBody = maxBody;
    this.metrics = metrics;
    this.authenticator = authenticator;
    this.bodies = bodies;
    this.proxies = proxies;
    this.connections = connections;
    this.hop = hop;
    this.forwardAuth = new ForwardAuth(routes, authenticator, proxies, hop);
  }


  static String newReference() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return Long.toHexString(r.nextLong() | Long.MIN_VALUE).substring(1) + Long.toHexString(r.nextLong() | Long.MIN_VALUE).substring(1, 8);
  }

  @Override
  public void handle(HttpServerRequest req) {
    connections.requestOn(req.connection());
    String p = req.path();
    if ("/healthz".equals(p) || "/readyz".equals(p) || "/metrics".equals(p)) {
      probe(req, p); // neither counted, logged nor traced: no request bookkeeping at all
      return;
    }
    Exchange x = new Exchange(req, newReference());
    x.trace = tracing.begin(req);
    MDC.put("request_id", x.reference); // on the lines logged while the request is handled on this thread
    MDC.put("trace_id", x.trace.traceId());
    try {
      handle(req, x);
    } finally {
      MDC.remove("request_id");
      MDC.remove("trace_id");
    }
  }

  /** {@code /healthz}, {@code /readyz} and {@code /metrics}: probes and scrapes, answered at once. */
  private void probe(HttpServerRequest req, String path) {
    HttpServerResponse resp = req.response();
    resp.putHeader(HttpHeaders.DATE, HttpDate.now()).putHeader(H.REQUEST_ID, newReference());
    if (hsts != null && req.isSSL()) {
      resp.putHeader("Strict-Transport-Security", hsts);
    }
    switch (path) {
      case "/metrics" -> resp.putHeader(H.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape());
      case "/healthz" -> resp.putHeader(H.CONTENT_TYPE, H.JSON).end("{\"status\":\"ok\"}");
      default -> ready(resp);
    }
  }

  private void handle(HttpServerRequest req, Exchange x) {
    String reference = x.reference;
    HttpServerResponse resp = req.response();
    resp.bodyEndHandler(v -> observer.ended(x));
    resp.putHeader(HttpHeaders.DATE, HttpDate.now()).putHeader(H.REQUEST_ID, reference);
    if (hsts != null && req.isSSL()) {
      resp.putHeader("Strict-Transport-Security", hsts);
    }
    String path = req.path();
    if (path == null || path.isEmpty() || path.charAt(0) != '/') {
      Responses.plain(resp, 400, "Bad Request", "The request target must be an absolute path.", reference);
      return;
    }
    String controls = Paths.targetRefusal(path, req.query());
    if (controls != null) {
      Bodies.closeAfter(req);
      Responses.plain(resp, 400, "Bad Request", controls, reference);
      return;
    }
    String routePath = Paths.normalize(path);
    if (routePath == null) {
      Responses.plain(resp, 400, "Bad Request", Paths.MALFORMED, reference);
      return;
    }
    x.route = path.startsWith("/admin") ? "admin" : path.startsWith(ForwardAuth.PATH) ? "forward-auth" : "no-route";
    if (path.startsWith(ForwardAuth.PATH)) {
      x.trace.inject(resp.headers()); // the proxy passes the gateway's span on to its upstream
      forwardAuth.handle(req, x);
      return;
    }
    if (path.equals("/admin") || path.startsWith("/admin/")) {
      admin.handle(req);
      return;
    }
    if (extra != null && extra.handles(path)) {
      x.route = "endpoints";
      extra.handle(req);
      return;
    }
    String refusal = Paths.refusal(routePath);
    if (refusal != null) {
      x.route = "pre-routing";
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
      portcullis.core.Failure inDialect = match.onPath().policy().dialect().methodNotAllowed(match.allowed());
      if (inDialect != null) {
        Failures.write(resp, inDialect);
      } else {
        Responses.plain(resp, 405, "Method Not Allowed", "This route accepts " + String.join(", ", match.allowed()) + ".", reference);
      }
      return;
    }
    RouteTable.Route route = match.route();
    x.route = route.name();
    x.routePath = route.pattern();
    Request r = new Request(req, route, path, route.canonical(routePath, match.path()), req.query() == null ? "" : req.query(), reference, x);
    if (!mayHaveBody(req)) {
      authenticate(r, NO_BODY);
      return;
    }
    long declared = Bodies.declaredLength(req);
    if (declared == -2) {
      Bodies.closeAfter(req);
      Responses.plain(resp, 400, "Bad Request", "Content-Length is not a number.", reference);
      return;
    }
    if (declared > maxBody) {
      refuse(req, Bodies.Refusal.TOO_LARGE, reference);
      return;
    }
    req.pause(); // the body stays on the wire until a scheme needs it or the request is authenticated
    authenticate(r, null);
  }

  /** One request on its way through: what was matched, and the raw and route spellings of its target. */
  private record Request(HttpServerRequest req, RouteTable.Route route, String path, String routePath, String query,
      String reference, Exchange x) {}

  private void refuse(HttpServerRequest req, Bodies.Refusal refusal, String reference) {
    HttpServerResponse resp = req.response();
    switch (refusal) {
      case GONE -> { }
      case TOO_LARGE -> {
        Bodies.closeAfter(req);
        Responses.plain(resp, 413, "Payload Too Large", "The request body is over the limit of " + maxBody + " bytes.", reference);
      }
      case BUSY -> {
        resp.putHeader("Retry-After", "1");
        Responses.plain(resp, 503, refusal.reason, "The gateway is holding too many request bodies; retry shortly.", reference);
      }
      case TIMEOUT -> Responses.plain(resp, 408, refusal.reason, "The request body did not arrive in time.", reference);
      case MALFORMED_LENGTH -> Responses.plain(resp, 400, "Bad Request", "Content-Length is not a number.", reference);
    }
  }

  private static boolean mayHaveBody(HttpServerRequest req) {
    String len = req.getHeader(HttpHeaders.CONTENT_LENGTH);
    return (len != null && !len.trim().equals("0")) || req.getHeader(HttpHeaders.TRANSFER_ENCODING) != null
        || (req.version() == io.vertx.core.http.HttpVersion.HTTP_2 && !req.isEnded());
  }

  /** {@code body} null: still on the wire (read when a scheme asks for it, or once authenticated). */
  private void authenticate(Request r, Buffer body) {
    VertxRequestView view = new VertxRequestView(r.req(), r.path(), r.query(), body).from(proxies.clientAddress(r.req()))
        .over(transport);
    authenticator.run(view, r.route().policy(), r.reference(), outcome -> {
      r.x().authenticated(r.route().name(), outcome, view, r.route().policy());
      finish(r, body, outcome);
    },
        () -> bodies.read(r.req(), maxBody, read -> authenticate(r, read), refusal -> refuse(r.req(), refusal, r.reference())));
  }

  private void finish(Request r, Buffer body, Outcome outcome) {
    r.x().counted = UsageKeys.clientOf(r.req(), outcome, directory.nonBlocking()); // the client the portal's usage chart counts
    if (outcome instanceof Outcome.Rejected rejected) {
      if (body == null) {
        Bodies.closeAfter(r.req()); // its body is never read
      }
      Failures.write(r.req().response(), rejected.failure());
      return;
    }
    Outcome.Authenticated ok = (Outcome.Authenticated) outcome;
    for (var h : ok.responseHeaders()) {
      r.req().response().headers().add(h.getKey(), h.getValue()); // from the post-authentication chain
    }
    Identity id = ok.identity();
    if (body == null && r.route().upstream().streams()
        && !portcullis.core.text.Form.isFormType(r.req().getHeader(HttpHeaders.CONTENT_TYPE))) {
      forward(r, STREAMED, id); // no scheme read it and no credential can hide in it: streamed to the upstream
    } else if (body == null) {
      bodies.read(r.req(), maxBody, read -> forward(r, read, id), refusal -> refuse(r.req(), refusal, r.reference()));
    } else {
      forward(r, body, id);
    }
  }

  /** Headers {@link #forward} sets itself (a client's are replaced): the request id and the trace context. */
  private static boolean isSetHere(String name) {
    return name.equalsIgnoreCase("X-Request-Id") || name.equalsIgnoreCase("traceparent") || name.equalsIgnoreCase("tracestate");
  }

  /** {@code body} {@link #STREAMED}: piped from the request ({@link Upstream#streams()}); else the body read. */
  private void forward(Request r, Buffer body, Identity id) {
    HttpServerRequest req = r.req();
    boolean proxy = proxies.trusts(req.remoteAddress());
    MultiMap in = req.headers();
    // not validated again: names and values come from the decoder (which refused bad ones) or are the gateway's own
    MultiMap fwd = io.vertx.core.http.impl.headers.HeadersMultiMap.caseInsensitive();
    java.util.Set<String> nominated = in.contains(HttpHeaders.CONNECTION) ? Hop.nominated(in.getAll(HttpHeaders.CONNECTION))
        : java.util.Set.of();
    for (var e : in) {
      String name = e.getKey();
      if (hop.isStrippedRequestHeader(name) || Hop.isNominated(nominated, name) || (!proxy && Hop.isProxyHeader(name))
          || isSetHere(name)) {
        continue;
      }
      if (name.equalsIgnoreCase("Cookie")) {
        String kept = Hop.stripOwnCookies(e.getValue());
        if (!kept.isEmpty()) {
          fwd.add(name, kept);
        }
      } else {
        fwd.add(name, e.getValue());
      }
    }
    // X-Portcullis-* were stripped above, and X-Request-Id, traceparent and tracestate skipped: added, not set
    fwd.add(H.ACCOUNT, id.accountId());
    if (id.clientKey() != null) {
      fwd.add(H.CLIENT, id.clientKey());
    }
    fwd.add(H.SCHEME, id.scheme());
    fwd.add(H.SCOPES, id.scopeString());
    String remote = req.remoteAddress() == null ? "" : req.remoteAddress().hostAddress();
    if (!proxy) { // X-Forwarded-* from an untrusted client were dropped above
      fwd.add(H.FORWARDED_FOR, remote);
      fwd.add(H.FORWARDED_PROTO, req.isSSL() ? H.HTTPS : H.HTTP);
      if (req.authority() != null) {
        fwd.add(H.FORWARDED_HOST, req.authority().toString());
      }
    } else {
      String prior = String.join(", ", in.getAll(H.FORWARDED_FOR));
      fwd.set(H.FORWARDED_FOR, prior.isEmpty() ? remote : prior + ", " + remote);
      if (!fwd.contains(H.FORWARDED_PROTO)) {
        fwd.set(H.FORWARDED_PROTO, req.isSSL() ? H.HTTPS : H.HTTP);
      }
      if (!fwd.contains(H.FORWARDED_HOST) && req.authority() != null) {
        fwd.set(H.FORWARDED_HOST, req.authority().toString());
      }
    }
    fwd.add(H.REQUEST_ID, r.reference());
    r.x().trace.inject(fwd); // the upstream's parent span is the gateway's
    r.x().upstreamAsked();
    req.response().headersEndHandler(v -> r.x().upstreamAnswered());
    if (body.length() > 0 && portcullis.core.text.Form.isFormType(req.getHeader(HttpHeaders.CONTENT_TYPE))) {
      byte[] kept = hop.stripForm(body.getBytes());
      if (kept.length != body.length()) {
        body = Buffer.buffer(kept);
        fwd.set(HttpHeaders.CONTENT_LENGTH, Integer.toString(kept.length));
      }
    }
    String q = hop.stripQuery(r.query());
    String uri = q.isEmpty() ? r.routePath() : r.routePath() + "?" + q;
    if (body == STREAMED) { // the body still on the wire, piped with back-pressure under the same size and time limits
      r.route().upstream().stream(req.method(), uri, fwd, req, maxBody, bodies.timeoutMillis(),
          refusal -> refuse(req, refusal, r.reference()), r.reference());
    } else {
      r.route().upstream().forward(req.method(), uri, fwd, body, req.response(), r.reference());
    }
  }
}
