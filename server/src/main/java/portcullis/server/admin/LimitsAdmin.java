package portcullis.server.admin;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import portcullis.core.store.RateLimit;
import portcullis.server.CachingDirectory;
import portcullis.server.limits.FailedLogins;
import portcullis.server.limits.Limiters;

/**
 * The admin API of the limits: {@code GET /admin/throttles} (what is refused now: failed-login
 * throttles by identity and IP, rate-limit and nonce-quota refusals, each with why and until when),
 * {@code DELETE /admin/throttles/{id}} (clears one), and {@code PATCH /admin/clients/{client_key}
 * {"rate_limit": {"requests": N, "window_seconds": W}}} (a client's own limit; {@code null} clears it).
 */
public final class LimitsAdmin {
  private static final Logger LOG = LoggerFactory.getLogger(LimitsAdmin.class);
  private final CachingDirectory directory;
  private final WorkerExecutor worker;
  private final Limiters limiters;

  public LimitsAdmin(CachingDirectory directory, WorkerExecutor worker, Limiters limiters) {
    this.directory = directory;
    this.worker = worker;
    this.limiters = limiters;
  }

  public void install(Router router) {
    router.get("/admin/throttles").handler(this::list);
    router.delete("/admin/throttles/:id").handler(this::clear);
    router.patch("/admin/clients/:key").handler(this::patchClient);
  }

  private void list(RoutingContext ctx) {
    JsonArray out = new JsonArray();
    for (FailedLogins.Throttle t : limiters.active()) {
      out.add(new JsonObject().put("id", t.id()).put("kind", t.kind()).put("subject", t.subject()).put("ip", t.ip())
          .put("reason", t.reason()).put("until", Instant.ofEpochMilli(t.untilMillis()).toString()));
    }
    AdminApi.json(ctx, 200, new JsonObject().put("throttles", out));
  }

  private void clear(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    io.vertx.core.Context context = ctx.vertx().getOrCreateContext();
    limiters.clear(id).whenComplete((cleared, e) -> context.runOnContext(v -> {
      if (e != null) {
        ctx.fail(e);
      } else if (!cleared) {
        AdminApi.error(ctx, 404, "Not Found", "No throttle with id " + id + " is in force (GET /admin/throttles lists them).");
      } else {
        LOG.info("admin: throttle {} cleared", id);
        ctx.response().setStatusCode(204).end();
      }
    }));
  }

  private void patchClient(RoutingContext ctx) {
    String key = ctx.pathParam("key");
    String shape = "The body must be a JSON object {\"rate_limit\": {\"requests\": N, \"window_seconds\": W}} (or \"rate_limit\": null to clear it).";
    if (!(portcullis.server.http.RawBody.json(ctx) instanceof JsonObject in) || !in.containsKey("rate_limit")) {
      AdminApi.error(ctx, 400, "Bad Request", shape);
      return;
    }
    for (String field : in.fieldNames()) {
      if (!field.equals("rate_limit")) {
        AdminApi.error(ctx, 400, "Bad Request", "Unknown field \"" + field + "\": only rate_limit can be changed here. " + shape);
        return;
      }
    }
    RateLimit limit = null;
    Object v = in.getValue("rate_limit");
    if (v != null) {
      if (!(v instanceof JsonObject o) || !(o.getValue("requests") instanceof Number n) || !(o.getValue("window_seconds") instanceof Number w)
          || o.size() != 2) {
        AdminApi.error(ctx, 400, "Bad Request", shape);
        return;
      }
      if (n.longValue() < 1 || n.longValue() > 100_000_000 || n.doubleValue() != n.longValue()) {
        AdminApi.error(ctx, 400, "Bad Request", "\"requests\" must be a whole number from 1 to 100000000.");
        return;
      }
      if (w.longValue() < 1 || w.longValue() > 86_400 || w.doubleValue() != w.longValue()) {
        AdminApi.error(ctx, 400, "Bad Request", "\"window_seconds\" must be a whole number from 1 to 86400 (a day).");
        return;
      }
      limit = RateLimit.of(n.intValue(), w.longValue());
    }
    RateLimit chosen = limit;
    AdminApi.blocking(worker, ctx, () -> {
      var updated = directory.store().setRateLimit(key, chosen);
      directory.invalidateClient(key); // after the commit: every node drops its copy
      return updated;
    }, c -> {
      if (c.isEmpty()) {
        AdminApi.error(ctx, 404, "Not Found", "No client with key " + key + ".");
      } else {
        LOG.info("admin: client {} rate limit {}", key, chosen == null ? "cleared" : chosen.requests() + " per " + chosen.window().toSeconds() + " s");
        AdminApi.json(ctx, 200, AdminJson.client(c.get()));
      }
    });
  }
}
