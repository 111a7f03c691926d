package portcullis.server.bearer;

import portcullis.server.http.RawBody;
import portcullis.server.http.RequestProblems;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import portcullis.core.Directory;
import portcullis.core.Failure;
import portcullis.core.StoreUnavailableException;
import portcullis.core.dialect.OAuth2Dialect;
import portcullis.core.scheme.bearer.KeyRing;
import portcullis.core.scheme.bearer.TokenEndpoint;
import portcullis.server.CachingDirectory;

/**
 * The HTTP side of the token endpoints ({@code POST /api/token}, {@code /api/token/revoke}, {@code
 * /api/token/introspect}) and {@code GET /.well-known/jwks.json}: buffers the small form body, runs
 * the framework-free {@link TokenEndpoint} from the caches on the event loop (again on the worker
 * pool on a cache miss), persists a revocation before answering, and maps every failure to an RFC
 * 6749 §5.2 body. Never answers 500.
 */
final class BearerEndpoints {
  static final String TOKEN = "/api/token";
  static final String REVOKE = "/api/token/revoke";
  static final String INTROSPECT = "/api/token/introspect";
  static final String JWKS = "/.well-known/jwks.json";
  /** RFC 8414 authorization-server metadata. */
  static final String METADATA = "/.well-known/oauth-authorization-server";
  /** Token requests are a few hundred bytes; anything larger is refused before parsing. */
  static final int BODY_LIMIT = 16 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(BearerEndpoints.class);
  private static final OAuth2Dialect D = OAuth2Dialect.INSTANCE;

  private final TokenEndpoint endpoint;
  private final KeyRing keys;
  private final CachingDirectory directory;
  private final WorkerExecutor worker;
  private final BearerStore store;
  private final Revocations revocations;
  private final java.time.InstantSource clock;
  private final portcullis.server.http.Bodies bodies;
  private final portcullis.server.DirectoryRunner runner;
  private final portcullis.server.limits.Limiters limiters;
  private String issuer;
  private java.util.Set<String> scopes = java.util.Set.of();

  BearerEndpoints(TokenEndpoint endpoint, KeyRing keys, CachingDirectory directory, WorkerExecutor worker,
      BearerStore store, Revocations revocations, java.time.InstantSource clock, portcullis.server.http.Bodies bodies,
      portcullis.server.DirectoryRunner runner, portcullis.server.limits.Limiters limiters) {
    this.limiters = limiters;
    this.bodies = bodies;
    this.runner = runner;
    this.endpoint = endpoint;
    this.keys = keys;
    this.directory = directory;
    this.worker = worker;
    this.store = store;
    this.revocations = revocations;
    this.clock = clock;
  }

  /**
   * What the RFC 8414 metadata names: {@code issuer} the configured bearer issuer when it is an
   * http(s) URL (then the endpoints are under it), otherwise each request's own origin; the declared
   * scopes, if any.
   */
  BearerEndpoints describing(String issuer, java.util.Set<String> scopes) {
    this.issuer = issuer;
    this.scopes = new java.util.TreeSet<>(scopes);
    return this;
  }

  void mount(Router router) {
    router.get(METADATA).handler(this::metadata);
    router.head(METADATA).handler(this::metadata);
    router.route(METADATA).handler(ctx -> {
      ctx.response().putHeader("Allow", "GET, HEAD");
      send(ctx, D.token(OAuth2Dialect.INVALID_REQUEST, "Use GET " + METADATA + ".", "", "method " + ctx.request().method()), 405);
    });
    router.route(METADATA).failureHandler(ctx -> {
      if (!clientError(ctx)) {
        ctx.next();
      }
    });
    post(router, TOKEN, endpoint::token);
    post(router, REVOKE, endpoint::revoke);
    post(router, INTROSPECT, endpoint::introspect);
    router.get(JWKS).handler(this::jwks);
    router.head(JWKS).handler(this::jwks);
    router.route(JWKS).handler(ctx -> {
      ctx.response().putHeader("Allow", "GET, HEAD");
      send(ctx, D.token(OAuth2Dialect.INVALID_REQUEST, "Use GET " + JWKS + ".", "", "method " + ctx.request().method()), 405);
    });
    router.route(JWKS).failureHandler(ctx -> {
      if (!clientError(ctx)) {
        ctx.next();
      }
    });
  }

  /**
   * Answers a router failure that is the client's (no or a bad Host, ...) with 400 invalid_request
   * saying what to fix, and reports whether it did.
   */
  private static boolean clientError(RoutingContext ctx) {
    String problem = ctx.statusCode() == 413 ? null : RequestProblems.clientError(ctx);
    if (problem == null) {
      return false;
    }
    if (!ctx.response().ended()) {
      send(ctx, D.token(OAuth2Dialect.INVALID_REQUEST, problem, "", "refused by the router: " + ctx.statusCode()), 400);
    }
    return true;
  }

  /** The issuer URL the metadata names for this request, without a trailing slash. */
  private String issuerFor(RoutingContext ctx) {
    if (issuer != null && (issuer.startsWith("https://") || issuer.startsWith("http://"))) {
      return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }
    var authority = ctx.request().authority();
    return (ctx.request().isSSL() ? "https://" : "http://") + (authority == null ? "localhost" : authority.toString());
  }

  /** RFC 8414 section 3.2: the client-credentials server these endpoints are, as JSON. */
  private void metadata(RoutingContext ctx) {
    String iss = issuerFor(ctx);
    String methods = "[\"client_secret_basic\",\"client_secret_post\"]";
    StringBuilder b = new StringBuilder(512).append("{\"issuer\":");
    portcullis.core.text.Json.quote(b, iss);
    for (String[] e : new String[][] {{"token_endpoint", TOKEN}, {"jwks_uri", JWKS}, {"revocation_endpoint", REVOKE},
        {"introspection_endpoint", INTROSPECT}}) {
      b.append(",\"").append(e[0]).append("\":");
      portcullis.core.text.Json.quote(b, iss + e[1]);
    }
    b.append(",\"grant_types_supported\":[\"client_credentials\"],\"response_types_supported\":[]")
        .append(",\"token_endpoint_auth_methods_supported\":").append(methods)
        .append(",\"revocation_endpoint_auth_methods_supported\":").append(methods)
        .append(",\"introspection_endpoint_auth_methods_supported\":").append(methods);
    if (!scopes.isEmpty()) {
      b.append(",\"scopes_supported\":[");
      int i = 0;
      for (String sc : scopes) {
        portcullis.core.text.Json.quote(b.append(i++ == 0 ? "" : ","), sc);
      }
      b.append(']');
    }
    byte[] body = b.append('}').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    HttpServerResponse resp = ctx.response().putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "public, max-age=60").putHeader("Vary", "Host");
    if (ctx.request().method() == io.vertx.core.http.HttpMethod.HEAD) {
      resp.putHeader("Content-Length", String.valueOf(body.length)).end();
    } else {
      resp.end(Buffer.buffer(body));
    }
  }

  /** GET and HEAD (RFC 9110 §9.3.2: the same headers, no body) of the JWKS. */
  private void jwks(RoutingContext ctx) {
    byte[] body = keys.jwks().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    HttpServerResponse resp = ctx.response().putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "public, max-age=60");
    if (ctx.request().method() == io.vertx.core.http.HttpMethod.HEAD) {
      resp.putHeader("Content-Length", String.valueOf(body.length)).end();
    } else {
      resp.end(Buffer.buffer(body));
    }
  }

  private void post(Router router, String path, BiFunction<TokenEndpoint.Request, Directory, TokenEndpoint.Answer> op) {
    router.post(path).handler(bodies.handler(BODY_LIMIT)).handler(ctx -> run(ctx, op, Buffer.buffer(RawBody.of(ctx))));
    router.route(path).handler(ctx -> {
      ctx.response().putHeader("Allow", "POST");
      send(ctx, D.token(OAuth2Dialect.INVALID_REQUEST, "Use POST " + path + " with a form body.", "",
          "method " + ctx.request().method()), 405);
    });
    router.route(path).failureHandler(ctx -> {
      if (ctx.failure() == null && (ctx.statusCode() == 413 || ctx.statusCode() == 400)) {
        tooLarge(ctx, ctx.statusCode() == 400);
      } else if (!clientError(ctx)) {
        broken(ctx, ctx.failure());
      }
    });
  }

  private static void tooLarge(RoutingContext ctx, boolean badLength) {
    if (ctx.response().ended()) {
      return;
    }
    if (badLength) {
      send(ctx, D.token(OAuth2Dialect.INVALID_REQUEST, "Content-Length is not a number.", "", "bad content-length"), 400);
    } else {
      send(ctx, D.token(OAuth2Dialect.INVALID_REQUEST, "The request body is over " + BODY_LIMIT + " bytes.", "",
          "body too large"), 413);
    }
  }

  private void run(RoutingContext ctx, BiFunction<TokenEndpoint.Request, Directory, TokenEndpoint.Answer> op, Buffer body) {
    // the failed-credential throttle: an address refused outright, an app throttled for it, a wrong secret counted
    String ip = portcullis.server.http.OwnEndpoints.clientAddress(ctx);
    String route = ctx.request().path();
    Failure refused = limiters.before(ip, D, route);
    if (refused != null) {
      send(ctx, refused, refused.status());
      return;
    }
    if (!portcullis.server.http.OwnEndpoints.confidential(ctx)) { // a client secret must not cross a network in clear
      send(ctx, D.token(OAuth2Dialect.INVALID_REQUEST, "The token endpoint takes client secrets only over HTTPS: "
          + "a client secret must not cross the network in clear.", "", "token endpoint over plain HTTP"), 400);
      return;
    }
    TokenEndpoint.Request request = new TokenEndpoint.Request(ctx.request().headers().getAll("Authorization"),
        ctx.request().getHeader("Content-Type"), body.getBytes(), subject -> limiters.judgeSuccess(java.util.List.of(subject), ip, D, route),
        portcullis.server.http.OwnEndpoints.clientCertificate(ctx));
    runner.run(directory -> op.apply(request, directory)).onComplete(ar -> {
      if (ar.succeeded() && ar.result().failure() != null && ar.result().failure().wrongSecretOf() != null) {
        Failure wrong = ar.result().failure();
        io.vertx.core.Context here = ctx.vertx().getOrCreateContext();
        limiters.judgeFailure(wrong, ip, route).whenComplete((f, e) -> here.runOnContext(v -> {
          if (e != null) {
            broken(ctx, e);
          } else if (f == wrong) {
            finish(ctx, ar.result());
          } else {
            send(ctx, f, f.status());
          }
        }));
      } else if (ar.succeeded()) {
        finish(ctx, ar.result());
      } else {
        broken(ctx, ar.cause());
      }
    });
  }

  private void finish(RoutingContext ctx, TokenEndpoint.Answer answer) {
    TokenEndpoint.Revocation rev = answer.revocation();
    if (rev == null) {
      write(ctx, answer);
      return;
    }
    worker.executeBlocking(() -> {
      store.revoke(rev.jti(), rev.clientKey(), rev.expiresAt(), clock.instant());
      return null;
    }, false).onComplete(ar -> {
      if (ar.succeeded()) {
        // committed: refused here at once, and on every node as soon as it hears (Revocations subscribes)
        directory.invalidations().publish(new portcullis.server.cluster.Invalidation.BearerRevoked(rev.jti(), rev.expiresAt()));
        write(ctx, answer);
      } else {
        broken(ctx, ar.cause());
      }
    });
  }

  private static void write(RoutingContext ctx, TokenEndpoint.Answer answer) {
    if (answer.failure() != null) {
      send(ctx, answer.failure(), answer.failure().status());
      return;
    }
    if (answer.logNote() != null && LOG.isDebugEnabled()) {
      LOG.debug("token endpoint {}: {}", ctx.request().path(), answer.logNote());
    }
    HttpServerResponse resp = ctx.response().setStatusCode(answer.status());
    for (var h : answer.headers()) {
      resp.putHeader(h.getKey(), h.getValue());
    }
    resp.end(Buffer.buffer(answer.body()));
  }

  static void send(RoutingContext ctx, Failure f, int status) {
    ctx.response().putHeader("Pragma", "no-cache");
    portcullis.server.http.Failures.write(ctx.response(), f, status, "application/json;charset=UTF-8");
  }

  private static void broken(RoutingContext ctx, Throwable e) {
    if (e instanceof StoreUnavailableException) {
      LOG.warn("token endpoint {}: store unavailable: {}", ctx.request().path(), e.getMessage());
    } else {
      LOG.error("token endpoint {}: unexpected failure", ctx.request().path(), e);
    }
    if (!ctx.response().ended()) {
      ctx.response().putHeader("Retry-After", "5");
      send(ctx, D.unavailable(), 503);
    }
  }
}
