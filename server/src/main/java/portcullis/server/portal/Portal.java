package portcullis.server.portal;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import portcullis.core.dialect.Seed000Dialect;
import portcullis.core.store.Account;
import portcullis.core.store.AccountStatus;
import portcullis.server.PasswordChecks;
import portcullis.server.config.Settings;
import portcullis.server.module.ModuleContext;
import portcullis.server.oauth1.OAuth1Pages;
import portcullis.server.oauth1.PageSecurity;

/**
 * The developer portal under {@code /developers} (docs/portal.md): server-rendered pages (jte
 * templates, escaped by default, precompiled at build time) that work without JavaScript. Account
 * pages ({@link AccountPages}: sign up, sign in, sign out, forgotten password, address confirmation)
 * and app pages ({@link AppPages}: my apps, register, the app with its usage, quick start, rotation
 * and revocation, client certificates with the mtls module). Sessions and CSRF values are the OAuth 1.0a pages' ({@link PageSecurity}: signed
 * cookies every node checks), so one sign-in serves the portal and the "Authorized applications"
 * page. Every page sends a strict Content-Security-Policy: styles and the one optional script
 * (copy buttons) come from {@code /developers/static/}, nothing inline.
 */
public final class Portal {
  private static final Logger LOG = LoggerFactory.getLogger(Portal.class);
  public static final String PATH = OAuth1Pages.PORTAL_PATH;
  static final String CSP = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self';"
      + " frame-ancestors 'none'; base-uri 'none'";
  /** The CSP of pages whose forms redirect to another site (the OAuth authorization page's callback). */
  public static final String CSP_REDIRECTING_FORMS = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self';"
      + " frame-ancestors 'none'; base-uri 'none'";
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'").withZone(ZoneOffset.UTC);
  private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(ContentType.Html);

  final ModuleContext context;
  final Settings.Portal config;
  final PageSecurity security;
  final OAuth1Pages oauth1;
  final PortalStore store;
  final UsageCounters usage;
  final SignInThrottle throttle;
  final Mailer mailer; // null without portal.smtp
  final portcullis.server.mtls.CertificateStore certificates; // null without the mtls module
  private final java.util.function.IntSupplier port;
  private final long purgeTimer;

  private Portal(ModuleContext context, OAuth1Pages oauth1, UsageCounters usage, SignInThrottle throttle, Mailer mailer,
      portcullis.server.mtls.CertificateStore certificates, java.util.function.IntSupplier port) {
    this.context = context;
    this.port = port;
    this.config = context.settings().portal();
    this.oauth1 = oauth1;
    this.security = oauth1.security();
    this.store = new PortalStore(context.database(), context.secretBox());
    this.usage = usage;
    this.throttle = throttle;
    this.mailer = mailer;
    this.certificates = certificates;
    this.purgeTimer = context.vertx().setPeriodic(Duration.ofMinutes(10).toMillis(), id -> context.worker()
        .executeBlocking(() -> store.purgeExpired(context.clock().instant()), false)
        .onFailure(e -> LOG.warn("portal: purging expired links failed: {}", e.getMessage())));
  }

  /**
   * Mounts the portal on the gateway's own endpoints. {@code throttle} limits sign-in attempts;
   * {@code mailer} sends the mails (null: the {@code portal.smtp} relay when configured, else none);
   * {@code certificates} are the mtls module's bindings (null without it: the app page has no
   * "Client certificates").
   */
  public static Portal install(ModuleContext context, OAuth1Pages oauth1, UsageCounters usage, SignInThrottle throttle, Mailer mailer,
      portcullis.server.mtls.CertificateStore certificates, java.util.function.IntSupplier port) {
    Settings.Portal cfg = context.settings().portal();
    Mailer m = mailer != null ? mailer : cfg.smtp() == null ? null : new SmtpMailer(cfg.smtp());
    Portal p = new Portal(context, oauth1, usage, throttle, m, certificates, port);
    oauth1.registeredCallbacks(key -> p.store.app(key).map(PortalStore.AppDetails::callbacks).orElse(java.util.List.of()));
    p.routes();
    return p;
  }

  public void close() {
    context.vertx().cancelTimer(purgeTimer);
  }

  private void routes() {
    Router r = context.endpoints();
    context.claim().accept(PATH);
    context.claim().accept(PATH + "/*");
    AccountPages account = new AccountPages(this);
    AppPages apps = new AppPages(this);
    var body = context.bodies().handler(64 * 1024);
    r.route(PATH).handler(body);
    r.route(PATH + "/*").handler(body);
    var audited = context.audit().portal(ctx -> {
      PageSecurity.Session s = security.session(ctx);
      return s == null ? null : s.accountId();
    });
    r.route(PATH).handler(audited);
    r.route(PATH + "/*").handler(audited);
    staticFile(r, "portal.css", "text/css; charset=utf-8");
    staticFile(r, "portal.js", "text/javascript; charset=utf-8");
    staticFile(r, "favicon.svg", "image/svg+xml");
    r.get(PATH).handler(apps::list);
    page(r, "/signin", account::signInForm, account::signIn);
    page(r, "/signup", account::signUpForm, account::signUp);
    page(r, "/forgot", account::forgotForm, account::forgot);
    page(r, "/reset", account::resetForm, account::reset);
    page(r, "/verify", account::verifyForm, account::verify);
    r.post(PATH + "/signout").handler(account::signOut);
    page(r, "/apps/new", apps::newForm, apps::register);
    r.get(PATH + "/apps/:key").handler(apps::show);
    r.post(PATH + "/apps/:key/rotate").handler(apps::rotate);
    page(r, "/apps/:key/revoke", apps::revokeForm, apps::revoke);
    if (certificates != null) {
      r.post(PATH + "/apps/:key/certificates").handler(apps::addCertificate);
      r.post(PATH + "/apps/:key/certificates/:thumbprint/remove").handler(apps::removeCertificate);
      r.route(PATH + "/apps/:key/certificates").handler(ctx -> notAllowed(ctx, "POST"));
      r.route(PATH + "/apps/:key/certificates/:thumbprint/remove").handler(ctx -> notAllowed(ctx, "POST"));
    }
    r.route(PATH).handler(ctx -> notAllowed(ctx, "GET"));
    r.route(PATH + "/signout").handler(ctx -> notAllowed(ctx, "POST"));
    r.route(PATH + "/apps/:key/rotate").handler(ctx -> notAllowed(ctx, "POST"));
    r.route(PATH + "/apps/:key").handler(ctx -> notAllowed(ctx, "GET"));
    r.route(PATH + "/*").handler(ctx -> message(ctx, 404, "Page not found", "There is no such page in the developer portal.",
        "Go to the portal", PATH));
    r.route(PATH).failureHandler(this::refused);
    r.route(PATH + "/*").failureHandler(this::refused);
  }

  private void page(Router r, String path, io.vertx.core.Handler<RoutingContext> get, io.vertx.core.Handler<RoutingContext> post) {
    r.get(PATH + path).handler(get);
    r.post(PATH + path).handler(post);
    r.route(PATH + path).handler(ctx -> notAllowed(ctx, "GET, POST"));
  }

  private void notAllowed(RoutingContext ctx, String allow) {
    ctx.response().putHeader("Allow", allow);
    message(ctx, 405, "Method not allowed", ctx.request().method().name() + " is not allowed here; this page takes " + allow + ".", null, null);
  }

  /** A request the router refused as the client's mistake: an HTML page saying so; anything else goes on. */
  private void refused(RoutingContext ctx) {
    String problem = ctx.statusCode() == 413 ? "The form is too large." : portcullis.server.http.RequestProblems.clientError(ctx);
    if (problem == null || ctx.response().ended()) {
      ctx.next();
      return;
    }
    message(ctx, ctx.statusCode() == 413 ? 413 : 400, "This page could not be opened", problem, null, null);
  }

  private void staticFile(Router r, String name, String type) {
    byte[] bytes;
    try (InputStream in = Portal.class.getResourceAsStream("/portal/" + name)) {
      bytes = in.readAllBytes();
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("portal resource /portal/" + name + " is missing", e);
    }
    io.vertx.core.buffer.Buffer buf = io.vertx.core.buffer.Buffer.buffer(bytes);
    r.route(HttpMethod.GET, PATH + "/static/" + name).handler(ctx -> ctx.response().putHeader("Content-Type", type)
        .putHeader("Cache-Control", "public, max-age=3600").putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Content-Security-Policy", CSP).end(buf));
  }

  // ---- rendering ----

  /** Renders {@code template} with its one model and sends it with the portal's headers. */
  void render(RoutingContext ctx, int status, String template, Object model) {
    StringOutput out = new StringOutput(8192);
    TEMPLATES.render(template, model, out);
    send(ctx, status, out.toString(), CSP);
  }

  static void send(RoutingContext ctx, int status, String html, String csp) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-store").putHeader("X-Frame-Options", "DENY")
        .putHeader("X-Content-Type-Options", "nosniff").putHeader("Referrer-Policy", "no-referrer")
        .putHeader("Content-Security-Policy", csp).end(html);
  }

  /**
   * A page of another flow (the OAuth 1.0a pages) in the portal's frame: {@code body} is HTML its
   * caller escaped. Sent with {@link #CSP_REDIRECTING_FORMS}: their forms may redirect to a callback.
   */
  public static void legacyPage(RoutingContext ctx, int status, String realm, String title, String body) {
    Views.Frame f = new Views.Frame(realm, title, null, null, false, true, null, null, null);
    StringOutput out = new StringOutput(8192);
    TEMPLATES.render("legacy.jte", new Views.Legacy(f, body), out);
    send(ctx, status, out.toString(), CSP_REDIRECTING_FORMS);
  }

  /** The frame of a page for a visitor who is not signed in. */
  Views.Frame anonymous(String title) {
    return new Views.Frame(context.settings().realm(), title, null, null, config.signupOpen(), false, null, null, null);
  }

  /** The frame of a signed-in page: the sign-out form's CSRF value and the account's standing. */
  Views.Frame frame(RoutingContext ctx, Me me, String title) {
    return new Views.Frame(context.settings().realm(), title, me.account().email(), csrf(ctx, me), config.signupOpen(), false, null,
        null, status(me.account()));
  }

  /** The banner of a locked or disabled account (seed 000's messages), or null for an active one. */
  Views.Status status(Account a) {
    return switch (a.status()) {
      case LOCKED -> new Views.Status(Seed000Dialect.LOCKED, Seed000Dialect.LOCKED_DETAIL + " API calls with your apps are refused until it is paid.",
          config.paymentUrl() == null ? null : "Pay your balance", config.paymentUrl());
      case DISABLED -> new Views.Status(Seed000Dialect.DISABLED, Seed000Dialect.DISABLED_DETAIL,
          config.contactUrl() == null ? null : "Contact us about the terms", config.contactUrl());
      case ACTIVE -> null;
    };
  }

  static boolean active(Account a) {
    return a.status() == AccountStatus.ACTIVE;
  }

  void message(RoutingContext ctx, int status, String heading, String text, String linkText, String linkUrl) {
    render(ctx, status, "message.jte", new Views.Message(anonymous(heading), heading, text, linkText, linkUrl));
  }

  static void redirect(RoutingContext ctx, String location) {
    ctx.response().setStatusCode(303).putHeader("Location", location).putHeader("Cache-Control", "no-store")
        .putHeader("Referrer-Policy", "no-referrer").end();
  }

  static String when(Instant t) {
    return t == null ? "never" : WHEN.format(t);
  }

  // ---- sessions and CSRF ----

  /** The signed-in account and its session. */
  record Me(Account account, PageSecurity.Session session) {}

  static final String ANONYMOUS = "portal-anonymous";

  /** The CSRF value of a signed-in form: bound to the session. */
  String csrf(RoutingContext ctx, Me me) {
    return security.csrf(ctx, "portal|" + me.session().key());
  }

  boolean csrfValid(RoutingContext ctx, Me me, String given) {
    return security.csrfValid(ctx, "portal|" + me.session().key(), given);
  }

  /**
   * Runs {@code work} on the worker for the signed-in account and hands the result to {@code then}
   * on the event loop; without a valid session the browser goes to the sign-in page.
   */
  <T> void signedIn(RoutingContext ctx, java.util.function.BiFunction<Me, portcullis.core.Directory, T> work,
      java.util.function.BiConsumer<Me, T> then) {
    PageSecurity.Session session = security.session(ctx);
    if (session == null) {
      redirect(ctx, PATH + "/signin");
      return;
    }
    blocking(ctx, () -> {
      portcullis.core.Directory dir = context.directory().blocking();
      var a = security.account(session, dir);
      if (a.isEmpty()) {
        return null;
      }
      Me me = new Me(a.get(), session);
      return Map.entry(me, java.util.Optional.ofNullable(work.apply(me, dir)));
    }, r -> {
      if (r == null) {
        security.logout(ctx);
        redirect(ctx, PATH + "/signin");
      } else {
        then.accept(r.getKey(), r.getValue().orElse(null));
      }
    });
  }

  /** Blocking work on the worker; a failure is a 503 page (logged without the request's values). */
  <T> void blocking(RoutingContext ctx, Callable<T> work, java.util.function.Consumer<T> then) {
    Future<T> f = context.worker().executeBlocking(work, false);
    f.onComplete(ar -> {
      if (ar.succeeded()) {
        then.accept(ar.result());
      } else {
        failed(ctx, ar.cause());
      }
    });
  }

  void failed(RoutingContext ctx, Throwable e) {
    if (ctx.response().ended()) {
      return;
    }
    if (e instanceof PasswordChecks.Saturated) {
      ctx.response().putHeader("Retry-After", "1");
    } else {
      LOG.warn("portal {}: {}", ctx.request().path(), e.toString());
    }
    message(ctx, 503, "Please try again", "The portal could not complete this step right now. Try again in a moment.", null, null);
  }

  /**
   * The address pages and quick-start lines name: {@code portal.baseUrl}, else the OAuth 1.0a
   * {@code baseUrl}, else what the browser asked for (scheme and Host).
   */
  String base(RoutingContext ctx) {
    if (config.baseUrl() != null) {
      return config.baseUrl();
    }
    if (oauth1.config().baseUrl() != null) {
      return oauth1.config().baseUrl().replaceAll("/$", "");
    }
    String host = ctx.request().authority() == null ? context.settings().host() + ":" + port.getAsInt()
        : ctx.request().authority().toString();
    boolean tls = ctx.request().isSSL() || "https".equalsIgnoreCase(oauth1.config().trustForwardedProto()
        ? firstForwardedProto(ctx) : null);
    return (tls ? "https://" : "http://") + host;
  }

  private static String firstForwardedProto(RoutingContext ctx) {
    String v = ctx.request().getHeader("X-Forwarded-Proto");
    return v == null ? null : v.split(",")[0].trim();
  }

  /**
   * The address links in mails use: never the request's Host (a forged one would send the link's
   * token elsewhere): {@code portal.baseUrl}, the OAuth 1.0a {@code baseUrl}, else the listen address.
   */
  String mailBase() {
    if (config.baseUrl() != null) {
      return config.baseUrl();
    }
    if (oauth1.config().baseUrl() != null) {
      return oauth1.config().baseUrl().replaceAll("/$", "");
    }
    String host = context.settings().host().contains(":") ? "[" + context.settings().host() + "]" : context.settings().host();
    return "http://" + host + ":" + port.getAsInt();
  }

  /** The client address for the sign-in throttle. */
  static String ip(RoutingContext ctx) {
    return portcullis.server.http.OwnEndpoints.clientAddress(ctx); // the peer, or what a trusted proxy says
  }

  /** Sends a mail on the worker without waiting (the page answers the same whether or not one goes out). */
  void mailLater(String to, String subject, String text) {
    if (mailer == null) {
      return;
    }
    context.worker().executeBlocking(() -> {
      mailer.send(to, subject, text);
      return null;
    }, false).onFailure(e -> LOG.warn("portal: {}", e.getMessage()));
  }
}
