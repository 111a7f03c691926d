package portcullis.server.oauth1;

import portcullis.server.http.RawBody;
import static portcullis.server.oauth1.Html.esc;

import io.vertx.ext.web.RoutingContext;
import java.time.InstantSource;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import portcullis.core.Directory;
import portcullis.core.crypto.Crypto;
import portcullis.core.dialect.Seed000Dialect;
import portcullis.core.scheme.oauth1.OAuth1Token;
import portcullis.core.scheme.oauth1.Percent;
import portcullis.core.store.Account;
import portcullis.core.store.Client;
import portcullis.server.module.ModuleContext;

/**
 * The user-authorization page (RFC 5849 §2.2): the account holder signs in, sees the app and the
 * scopes it asks for, and approves or denies. Redirects only to the callback given at request_token.
 */
final class AuthorizePage {
  private static final Logger LOG = LoggerFactory.getLogger(AuthorizePage.class);
  private final ModuleContext context;
  private final OAuth1Config config;
  private final CachedTokens tokens;
  private final PageSecurity security;
  private final InstantSource clock;

  AuthorizePage(ModuleContext context, OAuth1Config config, CachedTokens tokens, PageSecurity security, InstantSource clock) {
    this.context = context;
    this.config = config;
    this.tokens = tokens;
    this.security = security;
    this.clock = clock;
  }

  /** What the page shows: the pending token, its client, and the signed-in account if any. */
  private record View(OAuth1Token token, Client client, Account account) {}

  private View load(String tokenValue, PageSecurity.Session session) {
    Directory dir = context.directory().blocking();
    Optional<OAuth1Token> t = tokens.find(tokenValue, dir);
    if (t.isEmpty() || t.get().kind() != OAuth1Token.Kind.REQUEST || t.get().state() != OAuth1Token.State.PENDING
        || t.get().expiredAt(clock.instant())) {
      return null;
    }
    Optional<Client> c = dir.client(t.get().clientKey());
    if (c.isEmpty() || !c.get().active()) {
      return null;
    }
    Account a = security.account(session, dir).orElse(null);
    return new View(t.get(), c.get(), a);
  }

  private void invalid(RoutingContext ctx) {
    Html.message(ctx, 400, "This link is not valid any more",
        "The authorization request is unknown, was already answered, or has expired (they last "
            + lifetime(config.requestTokenTtlSeconds()) + "). Go back to the app and start again.");
  }

  private void failed(RoutingContext ctx, Throwable e) {
    if (e instanceof portcullis.server.PasswordChecks.Saturated) {
      ctx.response().putHeader("Retry-After", "1");
    } else {
      LOG.warn("oauth1 authorize page: {}", e.toString());
    }
    Html.message(ctx, 503, "Please try again", "The service could not complete this step right now. Reload the page in a moment.");
  }

  /**
   * What the form's CSRF value is bound to: the request token and the browser's sign-in session (or
   * none). Binding the session means a CSRF cookie planted in a signed-in browser (from a sibling
   * subdomain, or over plain http) is useless: the attacker can only get values for its own session.
   */
  private String csrfPurpose(RoutingContext ctx, String tokenHash) {
    PageSecurity.Session s = security.session(ctx);
    return "authorize|" + tokenHash + "|" + (s == null ? "-" : s.key());
  }

  void get(RoutingContext ctx) {
    String value = RawBody.query(ctx, "oauth_token");
    if (value == null || value.isEmpty() || value.length() > 256) {
      Html.message(ctx, 400, "Missing authorization request",
          "This page needs an oauth_token parameter. Open it through the app that asks for access.");
      return;
    }
    PageSecurity.Session session = security.session(ctx);
    context.worker().executeBlocking(() -> Optional.ofNullable(load(value, session)), false).onComplete(ar -> {
      if (ar.failed()) {
        failed(ctx, ar.cause());
      } else if (ar.result().isEmpty()) {
        invalid(ctx);
      } else {
        render(ctx, 200, ar.result().get(), value, null);
      }
    });
  }

  private void render(RoutingContext ctx, int status, View v, String tokenValue, String error) {
    String csrf = security.csrf(ctx, csrfPurpose(ctx, v.token().hash()));
    StringBuilder b = new StringBuilder(2048);
    String app = v.client().name().isEmpty() ? v.client().clientKey() : v.client().name();
    b.append("<h1>Allow <strong>").append(esc(app)).append("</strong> to use your account?</h1>");
    if (error != null) {
      b.append("<p class=\"error\" role=\"alert\">").append(esc(error)).append("</p>");
    }
    b.append("<p>").append(esc(app)).append(" is asking to act on your behalf with these permissions:</p><ul class=\"scopes\">");
    if (v.token().scopes().isEmpty()) {
      b.append("<li>basic access (no extra permissions)</li>");
    }
    for (String s : new TreeSet<>(v.token().scopes())) {
      String description = context.settings().scopeDescription(s);
      b.append("<li><strong>").append(esc(s)).append("</strong>");
      if (!description.isEmpty()) {
        b.append(" <span class=\"scope-description\">").append(esc(description)).append("</span>");
      }
      b.append("</li>");
    }
    b.append("</ul><p class=\"note\">The app never sees your password. You can revoke its access at any time on the"
        + " <a href=\"").append(esc(config.authorizedAppsPath())).append("\">Authorized applications</a> page.</p>");
    b.append("<form method=\"post\" action=\"").append(esc(config.authorizePath())).append("\">")
        .append("<input type=\"hidden\" name=\"oauth_token\" value=\"").append(esc(tokenValue)).append("\">")
        .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(csrf).append("\">");
    if (v.account() != null) {
      b.append("<p>Signed in as <strong>").append(esc(v.account().email())).append("</strong>.</p>");
    } else {
      b.append("<label for=\"email\">Email</label><input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"username\">")
          .append("<label for=\"password\">Password</label><input id=\"password\" name=\"password\" type=\"password\""
              + " autocomplete=\"current-password\"><p class=\"note\">Sign in only to approve; denying needs no password.</p>");
    }
    b.append("<div class=\"buttons\"><button class=\"approve\" type=\"submit\" name=\"action\" value=\"approve\">Allow access</button>")
        .append("<button class=\"deny\" type=\"submit\" name=\"action\" value=\"deny\">Deny</button></div></form>");
    Html.send(ctx, status, "Authorize " + app, b.toString());
  }

  void post(RoutingContext ctx) {
    var form = RawBody.form(ctx);
    String value = RawBody.first(form, "oauth_token");
    String action = RawBody.first(form, "action");
    if (value == null || value.isEmpty() || value.length() > 256) {
      Html.message(ctx, 400, "Missing authorization request", "The form did not carry an oauth_token. Go back to the app and start again.");
      return;
    }
    if (!security.csrfValid(ctx, csrfPurpose(ctx, CachedTokens.hash(value)), RawBody.first(form, "csrf"))) {
      Html.message(ctx, 403, "This form has expired", "For your safety the form could not be accepted (it is old or came from"
          + " another site). Go back, reload the authorization page and try again.");
      return;
    }
    if (!"approve".equals(action) && !"deny".equals(action)) {
      Html.message(ctx, 400, "Choose Allow or Deny", "Go back and press Allow access or Deny.");
      return;
    }
    PageSecurity.Session session = security.session(ctx);
    String email = RawBody.first(form, "email");
    String password = RawBody.first(form, "password");
    String ip = portcullis.server.http.OwnEndpoints.clientAddress(ctx);
    // may verify a password: on the password-check threads, which hold no worker while they wait
    context.passwordChecks().submit(context.vertx(), () -> decide(value, action, session, email, password, ip)).onComplete(ar -> {
      if (ar.failed()) {
        failed(ctx, ar.cause());
        return;
      }
      Decision d = ar.result();
      if (d.view == null) {
        invalid(ctx);
      } else if (d.error != null) {
        render(ctx, d.status, d.view, value, d.error);
      } else {
        if (d.loggedIn != null) {
          security.login(ctx, d.loggedIn);
        }
        finish(ctx, d, value);
      }
    });
  }

  /** The outcome of a POST: an error to show on the page again, or where to send the browser. */
  private record Decision(View view, int status, String error, String verifier, Account loggedIn) {}

  private Decision decide(String value, String action, PageSecurity.Session session, String email, String password, String ip) {
    View v = load(value, session);
    if (v == null) {
      return new Decision(null, 400, null, null, null);
    }
    if (action.equals("deny")) {
      boolean denied = tokens.store().deny(v.token().hash());
      tokens.invalidate(v.token().hash());
      return denied ? new Decision(v, 200, null, null, null) : new Decision(null, 400, null, null, null);
    }
    Account account = v.account();
    Account loggedIn = null;
    if (account == null) {
      if (email == null || email.isBlank() || password == null || password.isEmpty()) {
        return new Decision(v, 400, "Enter your email and password to allow access.", null, null);
      }
      var throttle = context.limiters().failedLogins();
      long refused = throttle.blockedFor(ip, java.util.List.of());
      if (refused > 0) {
        return new Decision(v, 429, portcullis.server.limits.SignIns.tooMany(refused), null, null);
      }
      Directory dir = context.directory().blocking();
      Optional<Account> a = email.length() > 254 ? Optional.empty() : dir.accountByEmail(email.trim());
      long already = portcullis.server.limits.SignIns.before(throttle, ip, a, email);
      if (already > 0) {
        return new Decision(v, 429, portcullis.server.limits.SignIns.tooMany(already), null, null);
      }
      boolean matched = dir.passwordMatches(a.orElse(null), password);
      long wait = portcullis.server.limits.SignIns.judge(throttle, ip, a, email, matched);
      if (wait > 0) {
        return new Decision(v, 429, portcullis.server.limits.SignIns.tooMany(wait), null, null);
      }
      if (!matched || a.isEmpty()) {
        return new Decision(v, 401, "The email or password is not right. Try again.", null, null);
      }
      account = a.get();
      loggedIn = account;
    }
    switch (account.status()) {
      case LOCKED -> {
        return new Decision(v, 403, Seed000Dialect.LOCKED + ": " + Seed000Dialect.LOCKED_DETAIL, null, null);
      }
      case DISABLED -> {
        return new Decision(v, 403, Seed000Dialect.DISABLED + ": " + Seed000Dialect.DISABLED_DETAIL, null, null);
      }
      default -> { }
    }
    String verifier = Crypto.randomBase62(24);
    boolean ok = tokens.store().authorize(v.token().hash(), account.id(), Crypto.sha256Hex(verifier), clock.instant());
    tokens.invalidate(v.token().hash());
    return ok ? new Decision(v, 200, null, verifier, loggedIn) : new Decision(null, 400, null, null, null);
  }

  private void finish(RoutingContext ctx, Decision d, String tokenValue) {
    String callback = d.view.token().callback();
    String app = d.view.client().name().isEmpty() ? d.view.client().clientKey() : d.view.client().name();
    if (d.verifier == null) {
      if ("oob".equals(callback)) {
        Html.message(ctx, 200, "Access denied", app + " was not given access to your account. You can close this page.");
      } else {
        Html.redirect(ctx, withParams(callback, "oauth_token=" + Percent.encode(tokenValue) + "&denied=" + Percent.encode(tokenValue)));
      }
      return;
    }
    if ("oob".equals(callback)) {
      Html.send(ctx, 200, "Access allowed", "<h1>Access allowed</h1><p>Enter this code in " + esc(app) + " to finish:</p>"
          + "<code class=\"verifier\" id=\"verifier\">" + esc(d.verifier) + "</code>"
          + "<p class=\"note\">The code works once and only for this request.</p>");
    } else {
      Html.redirect(ctx, withParams(callback, "oauth_token=" + Percent.encode(tokenValue) + "&oauth_verifier=" + Percent.encode(d.verifier)));
    }
  }

  /** A request-token lifetime in words: "10 minutes", "1 minute", "30 seconds". */
  static String lifetime(int seconds) {
    if (seconds % 60 != 0) {
      return seconds + " seconds";
    }
    return seconds == 60 ? "1 minute" : seconds / 60 + " minutes";
  }

  /**
   * The callback with parameters appended to its query (callbacks never carry a fragment). Non-ASCII
   * characters (java.net.URI lets them through at request_token) are percent-encoded as UTF-8, so
   * the Location header names exactly the callback given rather than a mangled one.
   */
  static String withParams(String callback, String params) {
    String cb = asciiOnly(callback);
    return cb + (cb.indexOf('?') >= 0 ? (cb.endsWith("?") || cb.endsWith("&") ? "" : "&") : "?") + params;
  }

  private static String asciiOnly(String s) {
    if (s.chars().allMatch(c -> c < 0x80)) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int n = Character.charCount(cp);
      if (cp < 0x80) {
        b.append((char) cp);
      } else {
        b.append(Percent.encode(s.substring(i, i + n)));
      }
      i += n;
    }
    return b.toString();
  }
}
