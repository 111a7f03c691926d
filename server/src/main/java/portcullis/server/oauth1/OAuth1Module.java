package portcullis.server.oauth1;

import portcullis.server.http.RawBody;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import portcullis.core.Failure;
import portcullis.core.RouteOption;
import portcullis.core.SchemeDescription;
import portcullis.core.dialect.Seed000Dialect;
import portcullis.core.scheme.oauth1.OAuth1Policy;
import portcullis.core.scheme.oauth1.OAuth1Scheme;
import portcullis.core.scheme.oauth1.OAuth1Verifier;
import portcullis.core.scheme.oauth1.RsaKeys;
import portcullis.server.admin.AdminApi;
import portcullis.server.module.DemoInfo;
import portcullis.server.module.ModuleContext;
import portcullis.server.module.SchemeModule;

/**
 * OAuth 1.0a provider (seeds 000/001, RFC 5849): the {@code oauth1} scheme for protected routes,
 * the request-token / authorize / access-token endpoints, the "Authorized applications" page, and
 * admin routes to revoke an account's authorization of an app and to register RSA-SHA1 keys.
 */
public final class OAuth1Module extends SchemeModule<OAuth1Config> {
  private static final Logger LOG = LoggerFactory.getLogger(OAuth1Module.class);
  /** Its parameters may travel in the query or a form body as well as in the header (with PLAINTEXT, the secrets). */
  static final SchemeDescription DESCRIPTION = SchemeDescription.of(OAuth1Scheme.ID, Seed000Dialect.INSTANCE)
      .withAuthorization("OAuth").withCredentialParamPrefix("oauth_")
      .withRouteOptions(RouteOption.flag(OAuth1Scheme.REQUIRE_NONCE_OPTION));
  private InstantSource clock;
  private OAuth1Config config;
  private ModuleContext context;
  private long purgeTimer = -1;
  private OAuth1Pages pages;

  public OAuth1Module() {
    super(DESCRIPTION, OAuth1Config::parse);
  }

  @Override
  public void install(ModuleContext context) {
    this.context = context;
    this.clock = context.clock();
    this.config = options(context);
    OAuth1Store store = new OAuth1Store(context.database(), context.secretBox());
    CachedTokens tokens = new CachedTokens(store, context.settings().entityTtl(), context.settings().cacheMaximumSize(),
        context.invalidations()).monitored(context.directory().cacheMeters());
    OAuth1Policy policy = new OAuth1Policy(Duration.ofSeconds(config.timestampWindowSeconds()), config.allowPlaintextOverHttp(),
        config.baseUrl(), config.trustForwardedProto());
    OAuth1Verifier verifier = new OAuth1Verifier(tokens, clock, policy);
    context.registry().register(new OAuth1Scheme(verifier));

    PageSecurity security = new PageSecurity(context.settings().masterKey(), store, clock, policy,
        List.of(config.authorizePath(), config.authorizedAppsPath(), OAuth1Pages.PORTAL_PATH));
    OAuth1Revoker revoker = new OAuth1Revoker(tokens);
    TokenEndpoints endpoints = new TokenEndpoints(context, config, tokens, verifier, clock);
    AuthorizePage authorize = new AuthorizePage(context, config, tokens, security, clock);
    AppsPage apps = new AppsPage(context, config.authorizedAppsPath(), revoker, security);
    this.pages = new OAuth1Pages(security, config, tokens, endpoints);
    String realm = context.settings().realm();
    Router r = context.endpoints();
    RawBody body = context.bodies().handler(16 * 1024);
    String appsPath = config.authorizedAppsPath();
    for (String p : new String[] {config.requestTokenPath(), config.authorizePath(), config.accessTokenPath(), appsPath,
        appsPath + "/login", appsPath + "/revoke", appsPath + "/logout"}) {
      context.claim().accept(p);
      r.route(p).handler(ctx -> {
        ctx.put(Html.REALM, realm);
        ctx.next();
      });
      r.route(p).handler(body);
    }
    r.post(config.requestTokenPath()).handler(endpoints::requestToken);
    r.post(config.accessTokenPath()).handler(endpoints::accessToken);
    r.get(config.authorizePath()).handler(authorize::get);
    r.post(config.authorizePath()).handler(authorize::post);
    r.get(appsPath).handler(apps::get);
    r.post(appsPath + "/login").handler(apps::login);
    r.post(appsPath + "/revoke").handler(apps::revoke);
    r.post(appsPath + "/logout").handler(apps::logout);
    notAllowed(r, config.requestTokenPath(), "POST", "Use POST " + config.requestTokenPath() + ", signed with your client key and secret.");
    notAllowed(r, config.accessTokenPath(), "POST", "Use POST " + config.accessTokenPath() + ", signed with the request token and oauth_verifier.");
    notAllowed(r, config.authorizePath(), "GET, POST", "Open " + config.authorizePath() + "?oauth_token=... in a browser.");
    notAllowed(r, appsPath, "GET", "Open " + appsPath + " in a browser.");
    for (String p : new String[] {"/login", "/revoke", "/logout"}) {
      notAllowed(r, appsPath + p, "POST", "Use the forms of " + appsPath + ".");
    }

    for (String p : new String[] {config.authorizePath(), appsPath, appsPath + "/login", appsPath + "/revoke", appsPath + "/logout"}) {
      r.route(p).failureHandler(OAuth1Module::pageRefused);
    }

    Router admin = context.admin();
    admin.delete("/admin/accounts/:id/authorizations/:key").handler(ctx -> adminRevoke(ctx, revoker));
    admin.get("/admin/accounts/:id/authorizations").handler(ctx -> adminList(ctx, store));
    admin.put("/admin/clients/:key/oauth1-rsa-key").handler(ctx -> putRsaKey(ctx, tokens));
    admin.delete("/admin/clients/:key/oauth1-rsa-key").handler(ctx -> deleteRsaKey(ctx, tokens));

    purgeTimer = context.vertx().setPeriodic(Duration.ofMinutes(10).toMillis(), id -> context.worker().executeBlocking(
        () -> store.purgeExpired(clock.instant().minus(Duration.ofHours(1))) + store.purgeEndedSessions(clock.instant()), false)
        .onFailure(e -> LOG.warn("oauth1: purging expired request tokens failed: {}", e.getMessage())));
  }

  /**
   * A page request the router refused as the client's mistake (no or a bad Host): an HTML page
   * saying so. Anything else goes on to the endpoints' failure handler (the token endpoints get
   * the seed-000 body from there).
   */
  private static void pageRefused(RoutingContext ctx) {
    String problem = ctx.statusCode() == 413 ? null : portcullis.server.http.RequestProblems.clientError(ctx);
    if (problem == null || ctx.response().ended()) {
      ctx.next();
      return;
    }
    Html.message(ctx, 400, "This page could not be opened", problem);
  }

  /** Every other method on an endpoint: 405 with {@code Allow}, in the seed-000 body. */
  private static void notAllowed(Router r, String path, String allow, String advice) {
    r.route(path).handler(ctx -> {
      ctx.response().putHeader("Allow", allow);
      TokenEndpoints.reply(ctx, Failure.of(405, Seed000Dialect.INSTANCE, "method_not_allowed", "Method Not Allowed",
          ctx.request().method().name() + " is not allowed here. " + advice, "method " + ctx.request().method()));
    });
  }

  private void adminRevoke(RoutingContext ctx, OAuth1Revoker revoker) {
    String id = ctx.pathParam("id");
    String key = ctx.pathParam("key");
    AdminApi.blocking(context.worker(), ctx, () -> revoker.revoke(id, key) > 0,
        AdminApi.noContent(ctx, "Account " + id + " has not authorized client " + key + "."));
  }

  private void adminList(RoutingContext ctx, OAuth1Store store) {
    String id = ctx.pathParam("id");
    AdminApi.blocking(context.worker(), ctx, () -> store.authorizations(id), list -> {
      JsonArray out = new JsonArray();
      list.forEach(a -> out.add(new JsonObject().put("client_key", a.clientKey())
          .put("scopes", new JsonArray(a.scopes().stream().sorted().toList())).put("since", a.since().toString())));
      AdminApi.json(ctx, 200, new JsonObject().put("authorizations", out));
    });
  }

  private void putRsaKey(RoutingContext ctx, CachedTokens tokens) {
    String key = ctx.pathParam("key");
    JsonObject in = RawBody.json(ctx) instanceof JsonObject o ? o : null;
    String pem = in == null ? null : in.getValue("public_key_pem") instanceof String s ? s : null;
    try {
      RsaKeys.parsePublic(pem);
    } catch (IllegalArgumentException e) {
      AdminApi.error(ctx, 400, "Bad Request", "Send {\"public_key_pem\": \"-----BEGIN PUBLIC KEY-----...\"}: " + e.getMessage() + ".");
      return;
    }
    AdminApi.blocking(context.worker(), ctx, () -> {
      if (context.directory().blocking().client(key).isEmpty()) {
        return false;
      }
      tokens.store().putRsaKey(key, pem, clock.instant());
      tokens.invalidateRsa(key); // after the commit, on the worker (it may wait for a load in flight)
      return true;
    }, AdminApi.noContent(ctx, "No client with key " + key + "."));
  }

  private void deleteRsaKey(RoutingContext ctx, CachedTokens tokens) {
    String key = ctx.pathParam("key");
    AdminApi.blocking(context.worker(), ctx, () -> {
      boolean deleted = tokens.store().deleteRsaKey(key);
      tokens.invalidateRsa(key);
      return deleted;
    }, AdminApi.noContent(ctx, "Client " + key + " has no RSA key."));
  }

  @Override
  public String demoSection(DemoInfo demo) {
    String base = demo.baseUrl();
    String key = demo.seeded().publicApp().clientKey();
    String secret = demo.seeded().publicApp().secret();
    StringBuilder b = new StringBuilder();
    b.append("# OAuth 1.0a (seeds 000/001), three-legged, with the public app. PLAINTEXT is allowed over http in the demo only.\n");
    b.append("# 1) request token (prints oauth_token=T&oauth_token_secret=TS&oauth_callback_confirmed=true)\n");
    b.append("curl -X POST -H 'Authorization: OAuth oauth_consumer_key=\"").append(key)
        .append("\", oauth_signature_method=\"PLAINTEXT\", oauth_signature=\"").append(secret).append("%26\", oauth_callback=\"oob\"' ")
        .append(base).append(config.requestTokenPath()).append('\n');
    b.append("# 2) open in a browser, sign in as ").append(demo.seeded().account().email()).append(", allow, copy the code (verifier V)\n");
    b.append("#    ").append(base).append(config.authorizePath()).append("?oauth_token=T\n");
    b.append("# 3) access token (prints oauth_token=A&oauth_token_secret=AS)\n");
    b.append("curl -X POST -H 'Authorization: OAuth oauth_consumer_key=\"").append(key)
        .append("\", oauth_token=\"T\", oauth_verifier=\"V\", oauth_signature_method=\"PLAINTEXT\", oauth_signature=\"")
        .append(secret).append("%26TS\"' ").append(base).append(config.accessTokenPath()).append('\n');
    b.append("# 4) call the API as that account (HMAC-SHA1 signed curl line from the CLI)\n");
    b.append("eval \"$(./portcullis sign oauth1 --consumer-key ").append(key).append(" --consumer-secret ").append(secret)
        .append(" --token A --token-secret AS ").append(base).append("/v2/whoami)\"\n");
    b.append("# Revoke: ").append(base).append(config.authorizedAppsPath()).append(" (browser), or\n");
    b.append("curl -X DELETE -H 'Authorization: Bearer ").append(demo.adminToken()).append("' ").append(base)
        .append("/admin/accounts/").append(demo.seeded().account().id()).append("/authorizations/").append(key).append("\n\n");
    return b.toString();
  }

  /** What the developer portal shares with this module's pages (once installed). */
  public OAuth1Pages pages() {
    return pages;
  }

  @Override
  public void close() {
    if (purgeTimer >= 0 && context != null) {
      context.vertx().cancelTimer(purgeTimer);
    }
  }
}
