package portcullis.server.oauth1;

import portcullis.server.http.RawBody;
import static portcullis.server.oauth1.Html.esc;

import io.vertx.ext.web.RoutingContext;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import portcullis.core.Directory;
import portcullis.core.store.Account;
import portcullis.core.store.Client;
import portcullis.server.module.ModuleContext;

/**
 * "Authorized applications": the signed-in account sees every app holding its OAuth access tokens
 * and revokes one (all that app's tokens for this account stop at once). Sign-in, revoke and
 * sign-out are CSRF-protected form posts.
 */
final class AppsPage {
  private static final Logger LOG = LoggerFactory.getLogger(AppsPage.class);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy").withZone(ZoneOffset.UTC);
  private final ModuleContext context;
  private final String path;
  private final OAuth1Revoker revoker;
  private final PageSecurity security;

  AppsPage(ModuleContext context, String path, OAuth1Revoker revoker, PageSecurity security) {
    this.context = context;
    this.path = path;
    this.revoker = revoker;
    this.security = security;
  }

  private record Row(String clientKey, String name, String scopes, String since) {}

  private record Listing(Account account, List<Row> rows) {}

  private void failed(RoutingContext ctx, Throwable e) {
    if (e instanceof portcullis.server.PasswordChecks.Saturated) {
      ctx.response().putHeader("Retry-After", "1");
    } else {
      LOG.warn("oauth1 apps page: {}", e.toString());
    }
    Html.message(ctx, 503, "Please try again", "The service could not complete this step right now. Reload the page in a moment.");
  }

  void get(RoutingContext ctx) {
    PageSecurity.Session session = security.session(ctx);
    if (session == null) {
      loginForm(ctx, 200, null);
      return;
    }
    context.worker().executeBlocking(() -> list(session), false).onComplete(ar -> {
      if (ar.failed()) {
        failed(ctx, ar.cause());
      } else if (ar.result() == null) {
        security.logout(ctx);
        loginForm(ctx, 200, null);
      } else {
        render(ctx, ar.result(), RawBody.query(ctx, "revoked"));
      }
    });
  }

  private Listing list(PageSecurity.Session session) {
    Directory dir = context.directory().blocking();
    Optional<Account> a = security.account(session, dir);
    if (a.isEmpty()) {
      return null;
    }
    String accountId = a.get().id();
    List<Row> rows = new ArrayList<>();
    for (OAuth1Store.Authorization auth : revoker.store().authorizations(accountId)) {
      Optional<Client> c = dir.client(auth.clientKey());
      if (c.isPresent() && c.get().active()) {
        String name = c.get().name().isEmpty() ? auth.clientKey() : c.get().name();
        rows.add(new Row(auth.clientKey(), name, auth.scopes().isEmpty() ? "basic access" : described(auth.scopes()),
            DAY.format(auth.since())));
      }
    }
    return new Listing(a.get(), rows);
  }

  /** The scopes by name, each followed by the description the deployment gave it: {@code read (Read your products), write}. */
  private String described(java.util.Collection<String> scopes) {
    return new java.util.TreeSet<>(scopes).stream().map(s -> {
      String d = context.settings().scopeDescription(s);
      return d.isEmpty() ? s : s + " (" + d + ")";
    }).collect(java.util.stream.Collectors.joining(", "));
  }

  private void loginForm(RoutingContext ctx, int status, String error) {
    String csrf = security.csrf(ctx, "apps-login");
    StringBuilder b = new StringBuilder("<h1>Authorized applications</h1><p>Sign in to see the apps you allowed to use your account.</p>");
    if (error != null) {
      b.append("<p class=\"error\" role=\"alert\">").append(esc(error)).append("</p>");
    }
    b.append("<form method=\"post\" action=\"").append(esc(path)).append("/login\"><input type=\"hidden\" name=\"csrf\" value=\"")
        .append(csrf).append("\"><label for=\"email\">Email</label><input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"username\">")
        .append("<label for=\"password\">Password</label><input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\">")
        .append("<div class=\"buttons\"><button class=\"approve\" type=\"submit\">Sign in</button></div></form>");
    Html.send(ctx, status, "Authorized applications", b.toString());
  }

  private void render(RoutingContext ctx, Listing l, String revoked) {
    String csrf = security.csrf(ctx, "apps|" + l.account().id());
    StringBuilder b = new StringBuilder("<h1>Authorized applications</h1><p>Signed in as <strong>")
        .append(esc(l.account().email())).append("</strong>.</p>");
    if ("1".equals(revoked)) {
      b.append("<p class=\"note\" role=\"status\">Access revoked. That app can no longer use your account.</p>");
    } else if ("0".equals(revoked)) {
      b.append("<p class=\"note\" role=\"status\">Nothing to revoke: that app had no access to your account.</p>");
    }
    if (l.rows().isEmpty()) {
      b.append("<p id=\"no-apps\">No application has access to your account.</p>");
    }
    for (Row r : l.rows()) {
      b.append("<div class=\"app\"><strong class=\"app-name\">").append(esc(r.name())).append("</strong><br><span class=\"note\">")
          .append(esc(r.scopes())).append(" · allowed since ").append(esc(r.since())).append("</span>")
          .append("<form method=\"post\" action=\"").append(esc(path)).append("/revoke\"><input type=\"hidden\" name=\"csrf\" value=\"")
          .append(csrf).append("\"><input type=\"hidden\" name=\"client_key\" value=\"").append(esc(r.clientKey()))
          .append("\"><button class=\"deny\" type=\"submit\">Revoke access for ").append(esc(r.name())).append("</button></form></div>");
    }
    b.append("<form method=\"post\" action=\"").append(esc(path)).append("/logout\"><input type=\"hidden\" name=\"csrf\" value=\"")
        .append(csrf).append("\"><div class=\"buttons\"><button class=\"secondary\" type=\"submit\">Sign out</button></div></form>");
    Html.send(ctx, 200, "Authorized applications", b.toString());
  }

  void login(RoutingContext ctx) {
    var form = RawBody.form(ctx);
    if (!security.csrfValid(ctx, "apps-login", RawBody.first(form, "csrf"))) {
      Html.message(ctx, 403, "This form has expired", "Reload the page and sign in again.");
      return;
    }
    String email = RawBody.first(form, "email");
    String password = RawBody.first(form, "password");
    if (email == null || email.isBlank() || email.length() > 254 || password == null || password.isEmpty()) {
      loginForm(ctx, 400, "Enter your email and password.");
      return;
    }
    String ip = portcullis.server.http.OwnEndpoints.clientAddress(ctx);
    var throttle = context.limiters().failedLogins();
    long refused = throttle.blockedFor(ip, java.util.List.of());
    if (refused > 0) {
      ctx.response().putHeader("Retry-After", Long.toString(Math.max(1, (refused + 999) / 1000)));
      loginForm(ctx, 429, portcullis.server.limits.SignIns.tooMany(refused));
      return;
    }
    long[] wait = {0};
    context.passwordChecks().submit(context.vertx(), () -> {
      Directory dir = context.directory().blocking();
      Optional<Account> a = dir.accountByEmail(email.trim());
      wait[0] = portcullis.server.limits.SignIns.before(throttle, ip, a, email);
      if (wait[0] > 0) {
        return Optional.<Account>empty(); // refused already: no hashing
      }
      boolean matched = dir.passwordMatches(a.orElse(null), password);
      wait[0] = portcullis.server.limits.SignIns.judge(throttle, ip, a, email, matched);
      return matched && wait[0] == 0 ? a : Optional.<Account>empty();
    }).onComplete(ar -> {
      if (ar.failed()) {
        failed(ctx, ar.cause());
      } else if (wait[0] > 0) {
        ctx.response().putHeader("Retry-After", Long.toString(Math.max(1, (wait[0] + 999) / 1000)));
        loginForm(ctx, 429, portcullis.server.limits.SignIns.tooMany(wait[0]));
      } else if (ar.result().isEmpty()) {
        loginForm(ctx, 401, "The email or password is not right. Try again.");
      } else {
        security.login(ctx, ar.result().get());
        Html.redirect(ctx, path);
      }
    });
  }

  void revoke(RoutingContext ctx) {
    var form = RawBody.form(ctx);
    PageSecurity.Session session = security.session(ctx);
    if (session == null) {
      loginForm(ctx, 401, "Sign in first.");
      return;
    }
    String key = RawBody.first(form, "client_key");
    if (!security.csrfValid(ctx, "apps|" + session.accountId(), RawBody.first(form, "csrf")) || key == null || key.length() > 256) {
      Html.message(ctx, 403, "This form has expired", "Reload the page and try again.");
      return;
    }
    context.worker().executeBlocking(() -> security.account(session, context.directory().blocking()).isEmpty()
        ? -1 : revoker.revoke(session.accountId(), key), false).onComplete(ar -> {
      if (ar.failed()) {
        failed(ctx, ar.cause());
      } else if (ar.result() < 0) {
        security.logout(ctx);
        loginForm(ctx, 401, "Your session has ended. Sign in again.");
      } else {
        Html.redirect(ctx, path + (ar.result() > 0 ? "?revoked=1" : "?revoked=0"));
      }
    });
  }

  void logout(RoutingContext ctx) {
    PageSecurity.Session session = security.session(ctx);
    if (session != null && security.csrfValid(ctx, "apps|" + session.accountId(), RawBody.formValue(ctx, "csrf"))) {
      security.end(ctx, session, context.worker()).onComplete(ar -> {
        if (ar.failed()) {
          failed(ctx, ar.cause());
        } else {
          Html.redirect(ctx, path);
        }
      });
      return;
    }
    Html.redirect(ctx, path);
  }
}
