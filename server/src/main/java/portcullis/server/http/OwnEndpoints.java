package portcullis.server.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Endpoints the gateway answers itself rather than forwarding (token endpoints, OAuth pages, JWKS):
 * exact paths and path prefixes mounted on one vertx-web router.
 */
public final class OwnEndpoints implements Handler<HttpServerRequest> {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OwnEndpoints.class);
  private final Router router;
  private final Set<String> exact = ConcurrentHashMap.newKeySet();
  private final Set<String> prefixes = ConcurrentHashMap.newKeySet();

  private static final String CLIENT_ADDRESS = "portcullis.clientAddress";

  private static final String TRANSPORT = "portcullis.transport";

  public OwnEndpoints(Router router, TrustedProxies proxies) {
    this(router, proxies, ClientTransport.TRUSTING);
  }

  OwnEndpoints(Router router, TrustedProxies proxies, ClientTransport transport) {
    this.router = router;
    router.route().handler(ctx -> { // first: every endpoint's throttle counts by this address
      ctx.put(CLIENT_ADDRESS, proxies.clientAddress(ctx.request()));
      ctx.put(TRANSPORT, transport);
      ctx.next();
    });
  }

  static ClientTransport transport(io.vertx.ext.web.RoutingContext ctx) {
    ClientTransport t = ctx.get(TRANSPORT);
    return t == null ? ClientTransport.TRUSTING : t;
  }

  /**
   * Whether a secret in this request could not have been read on the way ({@link
   * portcullis.core.RequestView#confidential()}): token endpoints refuse client secrets otherwise.
   */
  public static boolean confidential(io.vertx.ext.web.RoutingContext ctx) {
    return transport(ctx).confidential(ctx.request(), clientAddress(ctx));
  }

  /** The verified client certificate's thumbprint (RFC 8705 {@code x5t#S256}), or null. */
  public static String clientCertificate(io.vertx.ext.web.RoutingContext ctx) {
    return transport(ctx).thumbprint(ctx.request());
  }

  /** The client's address ({@link TrustedProxies#clientAddress}) for throttles. */
  public static String clientAddress(io.vertx.ext.web.RoutingContext ctx) {
    String a = ctx.get(CLIENT_ADDRESS);
    return a == null ? "" : a;
  }

  public Router router() {
    return router;
  }

  /** Claims an exact path ({@code /api/token}) or, ending in {@code /*}, a prefix. */
  public void claim(String path) {
    if (path.endsWith("/*")) {
      prefixes.add(path.substring(0, path.length() - 1));
    } else {
      exact.add(path);
    }
  }

  /**
   * Adds the catch-all 404 and a failure handler: a 4xx a handler failed with keeps its status, any
   * other failure is logged once and answered 503 (never 500, never a stack trace).
   */
  void finish() {
    router.route().last().handler(ctx -> Responses.plain(ctx.response(), 404, "Not Found",
        "No endpoint " + ctx.request().method() + " " + ctx.request().path() + ".", reference(ctx)));
    router.route().failureHandler(ctx -> {
      if (ctx.response().ended()) {
        return;
      }
      int status = ctx.statusCode();
      if (status == 413) {
        Responses.plain(ctx.response(), 413, "Payload Too Large", "The request body is too large for this endpoint.", reference(ctx));
      } else if (status >= 400 && status < 500) {
        Responses.plain(ctx.response(), status, "Bad Request", RequestProblems.clientError(ctx), reference(ctx));
      } else {
        LOG.error("endpoint {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
        Responses.plain(ctx.response(), 503, "Service Unavailable", "The request could not be completed; retry shortly.", reference(ctx));
      }
    });
  }

  private static String reference(io.vertx.ext.web.RoutingContext ctx) {
    String ref = ctx.response().headers().get("X-Request-Id");
    return ref == null ? "" : ref;
  }

  boolean handles(String path) {
    if (exact.contains(path)) {
      return true;
    }
    for (String p : prefixes) {
      if (path.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void handle(HttpServerRequest req) {
    router.handle(req);
  }
}
