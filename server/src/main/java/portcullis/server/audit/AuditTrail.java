package portcullis.server.audit;

import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import portcullis.core.store.Account;
import portcullis.core.store.Client;
import portcullis.core.store.Store;

/**
 * Puts the gateway's writes on the {@link AuditLog}: every admin API write and portal form post (who,
 * what, the account or client it changed before → after as the store holds it, from where), and every
 * throttle engaged ({@link #throttle}). The state is read from the store before the write and after
 * its response, on the worker pool: what is recorded is what the store holds, never what the request
 * said (so no password or secret of a request body can reach the log; the records hold none).
 * {@link #NONE} records nothing.
 */
public final class AuditTrail implements AutoCloseable {
  public static final AuditTrail NONE = new AuditTrail(null, null, null, r -> "");
  private static final Pattern ACCOUNT = Pattern.compile("^/admin/accounts/([^/?]+)");
  private static final Pattern CLIENT = Pattern.compile("^/(?:admin/clients|developers/apps)/([^/?]+)");
  private final AuditLog log;
  private final Store store;
  private final WorkerExecutor worker;
  private final Function<HttpServerRequest, String> from;
  private final com.github.benmanes.caffeine.cache.Cache<String, Boolean> throttles =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(java.time.Duration.ofMinutes(1)).build();

  /** @param from the client's address of a request (through trusted proxies) */
  public AuditTrail(AuditLog log, Store store, WorkerExecutor worker, Function<HttpServerRequest, String> from) {
    this.log = log;
    this.store = store;
    this.worker = worker;
    this.from = from;
  }

  public boolean enabled() {
    return log != null;
  }

  /** The admin API's writes: a route handler placed after the token check, before the write handlers. */
  public Handler<RoutingContext> admin() {
    return ctx -> recordWrite(ctx, "admin", new JsonObject().put("type", "admin-token"));
  }

  /**
   * The portal's form posts: {@code actor} names the signed-in account of a request (null: none, as on
   * sign-in and sign-up, whose email field is recorded as {@code subject} instead).
   */
  public Handler<RoutingContext> portal(Function<RoutingContext, String> actor) {
    return ctx -> {
      if (ctx.request().method() != HttpMethod.POST || log == null) {
        ctx.next();
        return;
      }
      String account = actor.apply(ctx);
      JsonObject who = account == null ? new JsonObject().put("type", "anonymous") : new JsonObject().put("type", "account").put("id", account);
      String email = ctx.request().getFormAttribute("email");
      if (account == null && email != null && !email.isBlank() && email.length() <= 254) {
        who.put("subject", email.trim());
      }
      recordWrite(ctx, "portal", who);
    };
  }

  private void recordWrite(RoutingContext ctx, String event, JsonObject actor) {
    HttpMethod m = ctx.request().method();
    if (log == null || m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS) {
      ctx.next();
      return;
    }
    String path = ctx.request().path();
    String where = from.apply(ctx.request());
    String reference = ctx.response().headers().get("X-Request-Id");
    worker.executeBlocking(() -> snapshot(path), false).onComplete(before -> {
      // headers-end, not body-end: the gateway's own body-end handler on the response counts and logs the
      // request, and vertx-web's addBodyEndHandler would replace it. The write has committed by now (its
      // handler answers after the store call), so the read on the worker sees it.
      ctx.addHeadersEndHandler(v -> {
        int status = ctx.response().getStatusCode();
        String location = ctx.response().headers().get("Location");
        String target = status < 400 && location != null && location.startsWith("/") ? location : path;
        worker.executeBlocking(() -> snapshot(target), false).onComplete(after -> {
          JsonObject f = new JsonObject().put("actor", actor).put("action", m.name() + " " + path).put("status", status)
              .put("target", describe(target)).put("before", before.succeeded() ? before.result() : null)
              .put("after", after.succeeded() ? after.result() : null).put("from", where).put("request_id", reference);
          log.append(event, f);
        });
      });
      ctx.next();
    });
  }

  /** The account or client a path names, as the store holds it now; null when it names neither or it does not exist. */
  private JsonObject snapshot(String path) {
    Matcher c = CLIENT.matcher(path);
    if (c.find()) {
      return store.client(c.group(1)).map(AuditTrail::client).orElse(null);
    }
    Matcher a = ACCOUNT.matcher(path);
    if (a.find()) {
      return store.accountById(a.group(1)).map(AuditTrail::account).orElse(null);
    }
    return null;
  }

  private static JsonObject describe(String path) {
    Matcher c = CLIENT.matcher(path);
    if (c.find()) {
      return new JsonObject().put("client_key", c.group(1));
    }
    Matcher a = ACCOUNT.matcher(path);
    return a.find() ? new JsonObject().put("account_id", a.group(1)) : new JsonObject().put("path", path.length() > 200 ? path.substring(0, 200) : path);
  }

  static JsonObject account(Account a) {
    return new JsonObject().put("id", a.id()).put("email", a.email()).put("status", a.status().wire());
  }

  static JsonObject client(Client c) {
    return new JsonObject().put("client_key", c.clientKey()).put("name", c.name()).put("owner", c.ownerAccountId())
        .put("status", c.status().name().toLowerCase(java.util.Locale.ROOT)).put("public", c.isPublic())
        .put("scopes", new JsonArray(c.scopes().stream().sorted().toList()))
        .put("rate_limit", c.rateLimit() == null ? null
            : new JsonObject().put("requests", c.rateLimit().requests()).put("window_seconds", c.rateLimit().window().toSeconds()));
  }

  /**
   * A limit refused a request ({@code limit} its id, e.g. {@code failed-logins}, {@code rate-limit}):
   * recorded once per limit, route and address a minute (an attack refused a million times makes one
   * line a minute per address, not a million).
   */
  public void throttle(String limit, String route, String address, String accountId, String clientKey, String reference) {
    if (log == null) {
      return;
    }
    String key = limit + '|' + route + '|' + address;
    if (throttles.asMap().putIfAbsent(key, Boolean.TRUE) != null) {
      return;
    }
    JsonObject f = new JsonObject().put("actor", new JsonObject().put("type", "gateway")).put("action", "throttle")
        .put("limit", limit).put("route", route).put("from", address).put("request_id", reference);
    if (accountId != null) {
      f.put("account_id", accountId);
    }
    if (clientKey != null) {
      f.put("client_key", clientKey);
    }
    worker.executeBlocking(() -> {
      log.append("throttle", f);
      return null;
    }, false);
  }

  @Override
  public void close() {
    if (log != null) {
      log.close();
    }
  }
}
