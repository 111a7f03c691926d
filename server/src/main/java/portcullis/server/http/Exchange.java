package portcullis.server.http;

import io.vertx.core.http.HttpServerRequest;
import portcullis.core.Gateway;
import portcullis.core.Identity;
import portcullis.core.Outcome;
import portcullis.core.Reason;
import portcullis.core.RequestView;
import portcullis.core.RoutePolicy;
import portcullis.core.Scheme;

/**
 * What one request did, filled in on its way through and read once when its response ends: the
 * metrics ({@link Metrics.RouteMeters}) and the access log line ({@link AccessLog}). Owned by the
 * request's event loop; never holds a secret (the identity's ids and the reason, not the credentials).
 */
final class Exchange {
  final long start = System.nanoTime();
  final HttpServerRequest req;
  final String reference;
  /** The metrics label: a route name, or the gateway's own area (admin, forward-auth, endpoints, pre-routing, no-route). */
  String route = "pre-routing";
  /** The route the authentication ran for (forward-auth: the route it matched), or null when none ran. */
  String authRoute;
  /** The scheme that authenticated or refused the request ({@code none}: no scheme recognized it). */
  String scheme;
  Identity identity;
  /** Why the authentication ended as it did, or null when none ran. */
  Reason reason;
  long upstreamStart = -1;
  long upstreamNanos = -1;
  /** Its place in its trace (null for a request the HTTP decoder refused). */
  Tracing.Trace trace;
  /** The matched route's path pattern, or null outside a route. */
  String routePath;

  String traceId() {
    return trace == null ? null : trace.traceId();
  }

  /** The limit that refused the request ({@code failed-logins}, {@code rate-limit}, ...), or null. */
  String throttledBy;
  /** The client's address (through trusted proxies), set when the request is authenticated. */
  String clientAddress;

  String clientAddress() {
    return clientAddress != null ? clientAddress : req.remoteAddress() == null ? "" : req.remoteAddress().hostAddress();
  }

  /** The client key whose usage this request counts for (the portal's chart), once known; null: none. */
  String counted;

  Exchange(HttpServerRequest req, String reference) {
    this.req = req;
    this.reference = reference;
  }

  /** The authentication's verdict on route {@code routeName}; {@code view} and {@code policy} name the scheme of a refusal. */
  void authenticated(String routeName, Outcome outcome, RequestView view, RoutePolicy policy) {
    authRoute = routeName;
    clientAddress = view.clientAddress();
    if (outcome instanceof Outcome.Authenticated ok) {
      identity = ok.identity();
      scheme = identity.scheme();
      reason = Reason.NONE;
      return;
    }
    portcullis.core.Failure f = ((Outcome.Rejected) outcome).failure();
    reason = f.reason();
    if (reason == Reason.THROTTLED) {
      String d = f.logDetail();
      throttledBy = d.startsWith("throttled: ") ? d.substring("throttled: ".length()) : "limit";
    }
    Scheme owner;
    try {
      owner = Gateway.owner(view, policy);
    } catch (RuntimeException e) { // a scheme that must read a body it does not have to recognize the request
      owner = null;
    }
    scheme = owner == null ? "none" : owner.id();
  }

  /** The upstream was asked now. */
  void upstreamAsked() {
    upstreamStart = System.nanoTime();
  }

  /** The upstream's response headers arrived (or its failure became the gateway's 502) now. */
  void upstreamAnswered() {
    if (upstreamStart >= 0 && upstreamNanos < 0) {
      upstreamNanos = System.nanoTime() - upstreamStart;
    }
  }
}
