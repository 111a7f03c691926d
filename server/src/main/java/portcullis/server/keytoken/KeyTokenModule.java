package portcullis.server.keytoken;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import portcullis.server.http.RawBody;
import java.time.InstantSource;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import portcullis.core.Failure;
import portcullis.core.Result;
import portcullis.core.replay.Claim;
import portcullis.core.RouteOption;
import portcullis.core.SchemeDescription;
import portcullis.core.StoreUnavailableException;
import portcullis.core.dialect.KeyTokenDialect;
import portcullis.core.scheme.keytoken.KeyTokenScheme;
import portcullis.core.scheme.keytoken.KeyTokenVerifier;
import portcullis.core.scheme.keytoken.KeyTokens;
import portcullis.core.scheme.keytoken.StoredKeyToken;
import portcullis.server.admin.AdminApi;
import portcullis.server.module.DemoInfo;
import portcullis.server.module.ModuleContext;
import portcullis.server.module.SchemeModule;

/**
 * Seed 003: the key-token scheme, its two token endpoints ({@code POST /v0/tokens}, {@code POST
 * /v0/users/authenticate}), admin routes to list and revoke tokens, and a resolver so KSig1 accepts
 * key-tokens in {@code X-API-Auth-Token}.
 */
public final class KeyTokenModule extends SchemeModule<KeyTokenOptions> {
  private static final Logger LOG = LoggerFactory.getLogger(KeyTokenModule.class);
  private static final KeyTokenDialect D = KeyTokenDialect.INSTANCE;
  static final String TOKENS = "/v0/tokens";
  static final String USERS = "/v0/users/authenticate";
  private static final int BODY_LIMIT = 8 * 1024;
  /** The bare key (and token) in {@code Authorization}, no auth-scheme word. */
  static final SchemeDescription DESCRIPTION = SchemeDescription.of(KeyTokenScheme.ID, D)
      .withCredentialHeaders(java.util.List.of("Authorization"))
      .withRouteOptions(RouteOption.flag(KeyTokenScheme.PUBLIC_OPTION));

  private InstantSource clock;
  private ModuleContext context;
  private KeyTokenOptions options;
  private JdbcKeyTokens store;
  private KeyTokenVerifier verifier;
  private long purgeTimer = -1;

  public KeyTokenModule() {
    super(DESCRIPTION, KeyTokenOptions::from);
  }

  @Override
  public void install(ModuleContext context) {
    this.context = context;
    this.clock = context.clock();
    this.options = options(context);
    this.store = new JdbcKeyTokens(context.database(),
        context.settings().entityTtl(), context.settings().cacheMaximumSize(), () -> { }, context.invalidations()).monitored(context.directory().cacheMeters());
    this.verifier = new KeyTokenVerifier(store, clock, options.clockSkew());
    KeyTokenScheme scheme = new KeyTokenScheme(store, clock, context.registry().otherAuthorizationWords(KeyTokenScheme.ID));
    context.registry().register(scheme);
    context.tokens().add(scheme.resolver());

    Router r = context.endpoints();
    for (String path : new String[] {TOKENS, USERS}) {
      context.claim().accept(path);
      r.post(path).handler(context.bodies().handler(BODY_LIMIT))
          .handler(path.equals(TOKENS) ? this::tokens : this::users).failureHandler(this::failure);
      r.route(path).handler(ctx -> {
        ctx.response().putHeader("Allow", "POST");
        reject(ctx, D.fail(405, "Use POST " + path + ".", "keytoken: method " + ctx.request().method()));
      });
    }
    Router admin = context.admin();
    admin.get("/admin/clients/:key/keytokens").handler(this::listTokens);
    admin.delete("/admin/clients/:key/keytokens").handler(this::revokeAll);
    admin.delete("/admin/keytokens/:id").handler(this::revokeOne);
    purgeTimer = context.vertx().setPeriodic(3_600_000, id -> context.worker()
        .executeBlocking(() -> store.purgeExpired(clock.instant().minusSeconds(86400)), false)
        .onFailure(e -> LOG.warn("keytoken: purging expired tokens failed: {}", e.getMessage())));
  }

  @Override
  public void close() {
    if (purgeTimer >= 0 && context != null) {
      context.vertx().cancelTimer(purgeTimer);
    }
  }

  // ---- endpoints ----

  private void tokens(RoutingContext ctx) {
    JsonObject in = body(ctx, "{\"publicKey\",\"secretKey\",\"timestamp\"}");
    if (in == null) {
      return;
    }
    String publicKey = string(ctx, in, "publicKey");
    String secretKey = publicKey == null ? null : string(ctx, in, "secretKey");
    String timestamp = secretKey == null ? null : timestamp(ctx, in);
    if (timestamp == null || refusedBefore(ctx, portcullis.core.Subject.client(publicKey))) {
      return;
    }
    String ip = portcullis.server.http.OwnEndpoints.clientAddress(ctx);
    context.worker().executeBlocking(() -> {
      // the hashed secret is single-use: committed (on this worker) once everything else checked out
      return verifier.appToken(publicKey, secretKey, timestamp, context.directory().blocking()).then(g -> {
        Failure throttled = context.limiters().judgeSuccess(java.util.List.of(portcullis.core.Subject.client(g.client().clientKey())),
            ip, D, TOKENS);
        if (throttled != null) {
          return Result.reject(throttled);
        }
        Claim claim = g.claim().orElse(null);
        if (claim != null && !portcullis.server.ReplayClaims.hold(context.replay(), claim)) {
          return Result.reject(claim.conflict());
        }
        return Result.ok(issue(g, StoredKeyToken.Kind.APP));
      });
    }, false).onComplete(ar -> answer(ctx, ar, t -> new JsonObject().put("status", true).put("token", t.token())
        .put("data", new JsonObject().put("token", t.token()).put("access", "admin")
            .put("expire", t.stored().expiresAt().toEpochMilli()))));
  }

  private void users(RoutingContext ctx) {
    JsonObject in = body(ctx, "{\"email\",\"password\"}");
    if (in == null) {
      return;
    }
    String email = string(ctx, in, "email");
    String password = email == null ? null : string(ctx, in, "password");
    if (password == null || refusedBefore(ctx, portcullis.core.Scheme.subjectOfUser(email.trim(), context.directory().nonBlocking()))) {
      return;
    }
    String authorization = ctx.request().getHeader("Authorization");
    String ip = portcullis.server.http.OwnEndpoints.clientAddress(ctx);
    context.passwordChecks().submit(context.vertx(), () -> { // verifies a password
      return verifier.userToken(authorization, email.trim(), password, context.directory().blocking()).then(g -> {
        Failure throttled = context.limiters().judgeSuccess(java.util.List.of(portcullis.core.Subject.account(g.account().id())),
            ip, D, USERS);
        return throttled != null ? Result.<Issued>reject(throttled) : Result.ok(issue(g, StoredKeyToken.Kind.USER));
      });
    }).onComplete(ar -> answer(ctx, ar, t -> new JsonObject().put("status", true).put("data", new JsonObject()
        .put("token", t.token()).put("expire", t.stored().expiresAt().toEpochMilli())
        .put("user", new JsonObject().put("id", t.account().id()).put("email", t.account().email())))));
  }

  /**
   * An address refused outright by the failed-credential throttle, or the identity the request claims
   * refused for it: answered 429 here (true) before any hashing; nothing else is done.
   */
  private boolean refusedBefore(RoutingContext ctx, String claimed) {
    Failure refused = context.limiters().before(portcullis.server.http.OwnEndpoints.clientAddress(ctx),
        claimed == null ? java.util.List.of() : java.util.List.of(claimed), D, ctx.request().path());
    if (refused != null) {
      reject(ctx, refused);
    }
    return refused != null;
  }

  /**
   * The seed-003 answer to a token request: the body for an issued token, the failure (a wrong secret
   * counted by the failed-credential throttle first, which may answer 429 instead), or 503 (failure handler).
   */
  private void answer(RoutingContext ctx, io.vertx.core.AsyncResult<Result<Issued>> ar,
      java.util.function.Function<Issued, JsonObject> body) {
    if (ar.succeeded() && ar.result() instanceof Result.Rejected<Issued> r && r.failure().wrongSecretOf() != null) {
      io.vertx.core.Context here = ctx.vertx().getOrCreateContext();
      context.limiters().judgeFailure(r.failure(), portcullis.server.http.OwnEndpoints.clientAddress(ctx), ctx.request().path())
          .whenComplete((f, e) -> here.runOnContext(v -> {
            if (e != null) {
              ctx.fail(e);
            } else {
              reject(ctx, f);
            }
          }));
      return;
    }
    if (ar.failed()) {
      ctx.fail(ar.cause());
    } else if (ar.result() instanceof Result.Rejected<Issued> r) {
      reject(ctx, r.failure());
    } else {
      ok(ctx, body.apply(ar.result().value()));
    }
  }

  private record Issued(String token, StoredKeyToken stored, portcullis.core.store.Account account) {}

  private Issued issue(KeyTokenVerifier.Grant g, StoredKeyToken.Kind kind) {
    String token = KeyTokens.newToken();
    Instant now = clock.instant();
    StoredKeyToken t = new StoredKeyToken(KeyTokens.newId(), g.client().clientKey(), g.account().id(), kind, now,
        now.plus(options.tokenTtl()), false);
    store.insert(KeyTokens.hash(token), t);
    LOG.info("keytoken: issued {} token {} for client {} account {}", kind.wire(), t.id(), t.clientKey(), t.accountId());
    return new Issued(token, t, g.account());
  }

  private static JsonObject body(RoutingContext ctx, String shape) {
    Object parsed;
    try {
      byte[] raw = RawBody.of(ctx);
      parsed = raw.length == 0 ? null : io.vertx.core.buffer.Buffer.buffer(raw).toJsonValue();
    } catch (DecodeException e) {
      parsed = null;
    }
    if (parsed instanceof JsonObject o) {
      return o;
    }
    reject(ctx, D.badRequest("The body must be a JSON object " + shape + " sent with Content-Type: application/json."));
    return null;
  }

  private static String string(RoutingContext ctx, JsonObject in, String field) {
    Object v = in.getValue(field);
    if (v == null) {
      reject(ctx, D.badRequest("The field '" + field + "' is missing from the request body."));
      return null;
    }
    if (!(v instanceof String s) || s.isEmpty()) {
      reject(ctx, D.badRequest("The field '" + field + "' must be a non-empty string."));
      return null;
    }
    return s;
  }

  /** The timestamp as the client sent it (its decimal text is what was hashed). */
  private static String timestamp(RoutingContext ctx, JsonObject in) {
    Object v = in.getValue("timestamp");
    if (v == null) {
      reject(ctx, D.badRequest("The field 'timestamp' is missing from the request body."));
      return null;
    }
    if ((v instanceof Integer || v instanceof Long) && ((Number) v).longValue() >= 0) {
      return v.toString();
    }
    if (v instanceof String s && !s.isEmpty() && s.length() <= 16 && s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return s;
    }
    reject(ctx, D.badRequest("The field 'timestamp' must be a Unix timestamp in milliseconds (or seconds)."));
    return null;
  }

  private static void ok(RoutingContext ctx, JsonObject body) {
    ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store").end(body.encode());
  }

  static void reject(RoutingContext ctx, Failure f) {
    portcullis.server.http.Failures.write(ctx.response(), f);
  }

  private void failure(RoutingContext ctx) {
    if (ctx.statusCode() == 413) {
      reject(ctx, D.fail(413, "The request body is over the limit of " + BODY_LIMIT + " bytes.", "keytoken: body too large"));
    } else if (ctx.failure() instanceof portcullis.server.PasswordChecks.Saturated) {
      unavailable(ctx, "1");
    } else if (ctx.failure() instanceof StoreUnavailableException e) {
      LOG.warn("keytoken: store unavailable: {}", e.getMessage());
      unavailable(ctx, "5");
    } else if (ctx.failure() instanceof portcullis.core.CheckFailedException e) {
      LOG.error("keytoken: credentials could not be checked on {} {}: {}", ctx.request().method(), ctx.request().path(),
          e.getMessage());
      unavailable(ctx, "5");
    } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      String host = portcullis.server.http.RequestProblems.host(ctx.request());
      reject(ctx, D.badRequest(host != null ? host : "The request could not be read."));
    } else {
      LOG.error("keytoken: unexpected failure on {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
      unavailable(ctx, "5");
    }
  }

  /** Seed 003's 503, with the seconds after which a retry may succeed. */
  private static void unavailable(RoutingContext ctx, String retryAfter) {
    reject(ctx, D.unavailable().withHeaders(java.util.List.of(java.util.Map.entry("Retry-After", retryAfter))));
  }

  // ---- admin ----

  private static JsonObject tokenJson(StoredKeyToken t) {
    return new JsonObject().put("id", t.id()).put("client_key", t.clientKey()).put("account", t.accountId())
        .put("kind", t.kind().wire()).put("created_at", String.valueOf(t.createdAt()))
        .put("expires_at", t.expiresAt().toString()).put("revoked", t.revoked());
  }

  private void listTokens(RoutingContext ctx) {
    String key = ctx.pathParam("key");
    AdminApi.blocking(context.worker(), ctx, () -> store.ofClient(key), list -> {
      JsonArray arr = new JsonArray();
      list.forEach(t -> arr.add(tokenJson(t)));
      AdminApi.json(ctx, 200, new JsonObject().put("keytokens", arr));
    });
  }

  private void revokeAll(RoutingContext ctx) {
    String key = ctx.pathParam("key");
    AdminApi.blocking(context.worker(), ctx, () -> store.revokeAll(key),
        n -> AdminApi.json(ctx, 200, new JsonObject().put("client_key", key).put("revoked", n)));
  }

  private void revokeOne(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    AdminApi.blocking(context.worker(), ctx, () -> store.revoke(id), t -> {
      if (t.isEmpty()) {
        AdminApi.error(ctx, 404, "Not Found", "No key-token with id " + id + ".");
      } else {
        AdminApi.json(ctx, 200, tokenJson(t.get()));
      }
    });
  }

  // ---- demo ----

  @Override
  public String demoSection(DemoInfo demo) {
    String key = demo.seeded().internal().clientKey();
    String secret = demo.seeded().internal().secret();
    String base = demo.baseUrl();
    return "# Key-tokens (seed 003): public access with the public key alone\n"
        + "curl -H 'Authorization: " + key + "' " + base + "/v0/products\n\n"
        + "# Exchange the hashed secret for a token, then call with <public_key>:<token>\n"
        + "TS=$(date +%s%3N); SK=$(printf '%s%s' '" + secret + "' \"$TS\" | openssl dgst -sha256 -binary | base64)\n"
        + "TOKEN=$(curl -s -H 'Content-Type: application/json' -d \"{\\\"publicKey\\\":\\\"" + key
        + "\\\",\\\"secretKey\\\":\\\"$SK\\\",\\\"timestamp\\\":$TS}\" " + base + "/v0/tokens | sed -E 's/.*\"token\":\"([^\"]+)\".*/\\1/')\n"
        + "curl -H \"Authorization: " + key + ":$TOKEN\" " + base + "/v0/whoami\n\n"
        + "# A user token for the demo account inside the app\n"
        + "curl -H 'Authorization: " + key + "' -H 'Content-Type: application/json' -d '{\"email\":\""
        + portcullis.server.demo.Demo.EMAIL + "\",\"password\":\"" + portcullis.server.demo.Demo.PASSWORD + "\"}' "
        + base + "/v0/users/authenticate\n\n";
  }
}
