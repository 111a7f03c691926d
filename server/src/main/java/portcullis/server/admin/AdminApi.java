package portcullis.server.admin;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import portcullis.core.StoreUnavailableException;
import portcullis.core.crypto.Crypto;
import portcullis.core.crypto.Passwords;
import portcullis.core.text.Emails;
import portcullis.core.store.Account;
import portcullis.core.store.AccountStatus;
import portcullis.core.store.NewClient;
import portcullis.core.store.PasswordListener;
import portcullis.core.store.Store;
import portcullis.server.CachingDirectory;
import portcullis.server.config.Settings;

/**
 * The admin REST API under {@code /admin}: JSON in and out, {@code Authorization: Bearer <admin
 * token>}. Every write drops the affected cache entries, so it takes effect on the next request.
 */
public final class AdminApi {
  private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
  private static final Pattern SCOPE = Pattern.compile("[A-Za-z0-9:._/\\-]{1,64}");
  /** 50 scopes of at most 64 characters fit the 4000-character column with their separators. */
  static final int MAX_SCOPES = 50;
  private final Router router;
  private final CachingDirectory directory;
  private final Store store;
  private final WorkerExecutor worker;
  private final Settings settings;
  private final PasswordListener passwords;

  /** @param passwords told (on the worker, after the write) whenever an account's password is set */
  public AdminApi(Vertx vertx, CachingDirectory directory, WorkerExecutor worker, Settings settings, PasswordListener passwords,
      portcullis.server.http.Bodies bodies, portcullis.server.audit.AuditTrail audit) {
    this.directory = directory;
    this.store = directory.store();
    this.worker = worker;
    this.settings = settings;
    this.passwords = passwords;
    this.router = Router.router(vertx);
    router.route("/admin/*").handler(this::checkToken); // before the body: nobody without the token makes us buffer one
    router.route("/admin/*").handler(AdminApi::checkQuery);
    router.route("/admin/*").handler(bodies.handler(64 * 1024));
    router.route("/admin/*").handler(audit.admin()); // every write that passed the token check, before → after
    router.post("/admin/accounts").handler(this::createAccount);
    router.get("/admin/accounts/:id").handler(this::getAccount);
    router.patch("/admin/accounts/:id").handler(this::patchAccount);
    router.get("/admin/accounts/:id/clients").handler(this::listClients);
    router.post("/admin/accounts/:id/clients").handler(this::createClient);
    router.get("/admin/clients/:key").handler(this::getClient);
    router.post("/admin/clients/:key/rotate-secret").handler(this::rotateSecret);
    router.delete("/admin/clients/:key").handler(this::deleteClient);
  }

  /**
   * Adds the catch-all (405 with {@code Allow} when the path exists with other methods, else 404)
   * and the failure handler; called once modules have added their routes.
   */
  public void finish() {
    router.route("/admin/*").last().handler(new AdminFallback(router.getRoutes()));
    router.route().failureHandler(this::failure);
  }

  public Router router() {
    return router;
  }

  // ---- plumbing ----

  /** Writes a JSON answer with {@code Cache-Control: no-store}. */
  public static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store").end(body.encode());
  }

  /** Writes an admin error: {@code {"status","message","additional","reference"}}. */
  public static void error(RoutingContext ctx, int status, String message, String additional) {
    String ref = ctx.response().headers().get("X-Request-Id");
    json(ctx, status, new JsonObject().put("status", status).put("message", message).put("additional", additional)
        .put("reference", ref == null ? "" : ref));
  }

  private void failure(RoutingContext ctx) {
    int status = ctx.statusCode();
    if (ctx.response().ended()) {
      return;
    }
    if (status == 413) {
      error(ctx, 413, "Payload Too Large", "Admin request bodies are limited to 64 KiB.");
    } else if (ctx.failure() instanceof StoreUnavailableException e) {
      LOG.warn("admin: store unavailable: {}", e.getMessage());
      error(ctx, 503, "Service Unavailable", "The store did not answer; retry shortly.");
    } else if (status >= 400 && status < 500) {
      error(ctx, status, "Bad Request", portcullis.server.http.RequestProblems.clientError(ctx));
    } else {
      LOG.error("admin: unexpected failure on {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
      error(ctx, 503, "Service Unavailable", "The request could not be completed; retry shortly.");
    }
  }

  private void checkToken(RoutingContext ctx) {
    String token = settings.adminToken();
    String auth = ctx.request().getHeader("Authorization");
    String given = portcullis.core.text.AuthScheme.is(auth, "Bearer") ? auth.substring(6).trim() : null;
    if (token == null || !Crypto.constantTimeEquals(token, given)) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"portcullis-admin\"");
      if (!ctx.request().isEnded()) {
        portcullis.server.http.Bodies.closeAfter(ctx.request()); // its body is not read
      }
      error(ctx, 401, "Unauthorized", token == null
          ? "The admin API is disabled: no admin token is configured (adminToken, PORTCULLIS_ADMIN_TOKEN or --admin-token)."
          : "Send Authorization: Bearer <admin token>.");
      return;
    }
    ctx.next();
  }

  /**
   * A malformed %-escape in the query is the caller's to fix: 400 here, before a route with path
   * parameters makes vertx-web decode the query (which throws, and is logged as a server error).
   */
  private static void checkQuery(RoutingContext ctx) {
    String problem = portcullis.server.http.RequestProblems.query(ctx.request().query());
    if (problem != null) {
      error(ctx, 400, "Bad Request", problem);
      return;
    }
    ctx.next();
  }

  /** Runs blocking store work on the worker pool and hands the result back on the event loop. */
  private <T> void blocking(RoutingContext ctx, Callable<T> work, java.util.function.Consumer<T> then) {
    blocking(worker, ctx, work, then);
  }

  /**
   * Runs blocking work on the worker pool and hands the result to {@code then} on the event loop; a
   * duplicate becomes 409, a store failure 503 (through the failure handler).
   */
  public static <T> void blocking(WorkerExecutor worker, RoutingContext ctx, Callable<T> work, java.util.function.Consumer<T> then) {
    worker.executeBlocking(work, false).onComplete(ar -> {
      if (ar.succeeded()) {
        then.accept(ar.result());
      } else if (ar.cause() instanceof Store.InvalidValueException) {
        error(ctx, 400, "Bad Request", "A value is too long for the store; shorten names and scope lists.");
      } else if (ar.cause() instanceof Store.DuplicateException) {
        error(ctx, 409, "Conflict", "An account with this email exists already.");
      } else {
        ctx.fail(ar.cause());
      }
    });
  }

  /** The answer to a look-up or an update: 200 with the entity rendered, or 404 saying {@code missing}. */
  private static <T> java.util.function.Consumer<java.util.Optional<T>> found(RoutingContext ctx, String missing,
      java.util.function.Function<T, JsonObject> render) {
    return v -> {
      if (v.isEmpty()) {
        error(ctx, 404, "Not Found", missing);
      } else {
        json(ctx, 200, render.apply(v.get()));
      }
    };
  }

  /** The answer to a delete-like write: 204, or 404 saying {@code missing} when there was nothing to change. */
  public static java.util.function.Consumer<Boolean> noContent(RoutingContext ctx, String missing) {
    return done -> {
      if (done) {
        ctx.response().setStatusCode(204).end();
      } else {
        error(ctx, 404, "Not Found", missing);
      }
    };
  }

  private static JsonObject body(RoutingContext ctx) {
    return portcullis.server.http.RawBody.json(ctx) instanceof JsonObject o ? o : null;
  }

  private static String str(JsonObject o, String field) {
    Object v = o.getValue(field);
    return v instanceof String s ? s : null;
  }

  // ---- accounts ----

  private void createAccount(RoutingContext ctx) {
    JsonObject in = body(ctx);
    if (in == null) {
      error(ctx, 400, "Bad Request", "The body must be a JSON object {\"email\",\"password\"}.");
      return;
    }
    String email = str(in, "email");
    String password = str(in, "password");
    if (email == null || !Emails.isValid(email.trim())) {
      error(ctx, 400, "Bad Request", "\"email\" must be a valid email address, such as ali.baba+api@mail.example.com.");
      return;
    }
    if (password == null || password.codePointCount(0, password.length()) < Passwords.MIN_LENGTH) {
      error(ctx, 400, "Bad Request", "\"password\" must be at least " + Passwords.MIN_LENGTH + " characters.");
      return;
    }
    if (password.length() > 1024 || AdminJson.hasControl(password)) {
      error(ctx, 400, "Bad Request", "\"password\" must be at most 1024 characters, without control characters.");
      return;
    }
    blocking(ctx, () -> {
      Account a = store.createAccount(UUID.randomUUID().toString(), email.trim(), Passwords.hash(password));
      passwords.passwordSet(a, password);
      directory.invalidateAccount(a); // a cached "no such email" goes, on every node
      return a;
    }, a -> {
      ctx.response().putHeader("Location", "/admin/accounts/" + a.id());
      json(ctx, 201, new JsonObject().put("id", a.id()).put("email", a.email()).put("status", a.status().wire()));
    });
  }

  private void getAccount(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    blocking(ctx, () -> store.accountById(id), found(ctx, "No account with id " + id + ".", AdminJson::account));
  }

  private void patchAccount(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    JsonObject in = body(ctx);
    if (in == null || (!in.containsKey("status") && !in.containsKey("password"))) {
      error(ctx, 400, "Bad Request", "The body must be a JSON object with \"status\" (active, locked or disabled) and/or \"password\".");
      return;
    }
    AccountStatus status = null;
    if (in.containsKey("status")) {
      status = AccountStatus.parse(str(in, "status"));
      if (status == null) {
        error(ctx, 400, "Bad Request", "\"status\" must be one of active, locked, disabled.");
        return;
      }
    }
    String password = in.containsKey("password") ? str(in, "password") : null;
    if (in.containsKey("password") && (password == null || password.length() < Passwords.MIN_LENGTH || password.length() > 1024
        || AdminJson.hasControl(password))) {
      error(ctx, 400, "Bad Request", "\"password\" must be 8 to 1024 characters, without control characters.");
      return;
    }
    AccountStatus newStatus = status;
    blocking(ctx, () -> {
      var a = store.accountById(id);
      if (a.isPresent() && newStatus != null) {
        a = store.updateAccountStatus(id, newStatus);
      }
      if (a.isPresent() && password != null) {
        a = store.updatePassword(id, Passwords.hash(password));
        a.ifPresent(updated -> passwords.passwordSet(updated, password));
      }
      a.ifPresent(directory::invalidateAccount);
      return a;
    }, found(ctx, "No account with id " + id + ".", AdminJson::account));
  }

  // ---- clients ----

  private void listClients(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    blocking(ctx, () -> store.accountById(id).map(a -> store.clientsOf(id)), list -> {
      if (list.isEmpty()) {
        error(ctx, 404, "Not Found", "No account with id " + id + ".");
        return;
      }
      JsonArray arr = new JsonArray();
      list.get().forEach(c -> arr.add(AdminJson.client(c)));
      json(ctx, 200, new JsonObject().put("clients", arr));
    });
  }

  private void createClient(RoutingContext ctx) {
    String owner = ctx.pathParam("id");
    JsonObject in = body(ctx);
    if (in == null) {
      error(ctx, 400, "Bad Request", "The body must be a JSON object {\"name\",\"scopes\":[...],\"public\":false}.");
      return;
    }
    String nameProblem = ClientNames.problem(in.getValue("name"));
    if (nameProblem != null) {
      error(ctx, 400, "Bad Request", nameProblem);
      return;
    }
    String name = str(in, "name").strip();
    Set<String> scopes = new LinkedHashSet<>();
    Object rawScopes = in.getValue("scopes");
    if (rawScopes != null && !(rawScopes instanceof JsonArray)) {
      error(ctx, 400, "Bad Request", "\"scopes\" must be an array of scope names, such as [\"read\", \"products:write\"].");
      return;
    }
    if (rawScopes instanceof JsonArray arr && arr.size() > MAX_SCOPES) {
      error(ctx, 400, "Bad Request", "A client may hold at most " + MAX_SCOPES + " scopes.");
      return;
    }
    if (rawScopes instanceof JsonArray arr) {
      for (int i = 0; i < arr.size(); i++) {
        Object o = arr.getValue(i);
        if (!(o instanceof String s) || !SCOPE.matcher(s).matches()) {
          error(ctx, 400, "Bad Request", "\"scopes\"[" + i + "] is not a valid scope name: use a string of 1-64 of A-Z a-z 0-9 : . _ / -"
              + (o instanceof String str && str.length() <= 64 && !AdminJson.hasControl(str) ? ", was \"" + str + "\"." : "."));
          return;
        }
        if (!settings.declaredScopes().isEmpty() && !settings.declaredScopes().contains(s)) {
          error(ctx, 400, "Bad Request", "Scope " + s + " is not declared by this deployment. Declared: "
              + String.join(", ", settings.declaredScopes()) + ".");
          return;
        }
        scopes.add(s);
      }
    }
    Object pub = in.getValue("public");
    if (pub != null && !(pub instanceof Boolean)) {
      error(ctx, 400, "Bad Request", "\"public\" must be true or false.");
      return;
    }
    boolean isPublic = Boolean.TRUE.equals(pub);
    String key = Crypto.randomBase62(NewClient.KEY_LENGTH);
    String secret = Crypto.randomBase62(NewClient.SECRET_LENGTH);
    blocking(ctx, () -> store.accountById(owner).map(a -> store.createClient(new NewClient(key, owner, name, scopes, isPublic, secret))), c -> {
      if (c.isEmpty()) {
        error(ctx, 404, "Not Found", "No account with id " + owner + ".");
        return;
      }
      directory.invalidateClient(key);
      ctx.response().putHeader("Location", "/admin/clients/" + key);
      json(ctx, 201, AdminJson.client(c.get()).put("client_secret", secret));
    });
  }

  private void getClient(RoutingContext ctx) {
    String key = ctx.pathParam("key");
    blocking(ctx, () -> store.client(key), found(ctx, "No client with key " + key + ".", AdminJson::client));
  }

  private void rotateSecret(RoutingContext ctx) {
    String key = ctx.pathParam("key");
    JsonObject in = portcullis.server.http.RawBody.of(ctx).length == 0 ? new JsonObject() : body(ctx);
    if (in == null) {
      error(ctx, 400, "Bad Request", "The body must be empty or a JSON object {\"overlap_seconds\": N}.");
      return;
    }
    long overlap = settings.secretRotationOverlap().toSeconds();
    if (in.containsKey("overlap_seconds")) {
      Object v = in.getValue("overlap_seconds");
      if (!(v instanceof Number n) || n.longValue() < 0 || n.longValue() > 30L * 86400) {
        error(ctx, 400, "Bad Request", "\"overlap_seconds\" must be a number from 0 to 2592000.");
        return;
      }
      overlap = n.longValue();
    }
    String secret = Crypto.randomBase62(NewClient.SECRET_LENGTH);
    Instant until = Instant.now().plusSeconds(overlap);
    blocking(ctx, () -> store.rotateSecret(key, secret, until), c -> {
      directory.invalidateClient(key);
      if (c.isEmpty()) {
        error(ctx, 404, "Not Found", "No active client with key " + key + ".");
      } else {
        json(ctx, 200, new JsonObject().put("client_key", key).put("client_secret", secret)
            .put("previous_secret_valid_until", until.toString()));
      }
    });
  }

  private void deleteClient(RoutingContext ctx) {
    String key = ctx.pathParam("key");
    blocking(ctx, () -> {
      boolean revoked = store.revokeClient(key).isPresent();
      directory.invalidateClient(key); // after the commit, on the worker (it may wait for a load in flight)
      return revoked;
    }, noContent(ctx, "No client with key " + key + "."));
  }
}
