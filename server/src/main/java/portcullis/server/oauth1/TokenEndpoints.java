package portcullis.server.oauth1;

import portcullis.server.http.RawBody;

import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import portcullis.core.Failure;
import portcullis.core.Result;
import portcullis.core.StoreUnavailableException;
import portcullis.core.crypto.Crypto;
import portcullis.core.scheme.oauth1.OAuth1Failures;
import portcullis.core.scheme.oauth1.OAuth1Token;
import portcullis.core.scheme.oauth1.OAuth1Verifier;
import portcullis.core.scheme.oauth1.Percent;
import portcullis.core.scheme.oauth1.Problem;
import portcullis.core.dialect.Seed000Dialect;
import portcullis.server.module.ModuleContext;

/**
 * {@code POST request_token} and {@code POST access_token} (RFC 5849 §2.1, §2.3): signature checks
 * by the core verifier, then the store, all on the worker pool. Answers are form-encoded.
 */
final class TokenEndpoints {
  private static final Logger LOG = LoggerFactory.getLogger(TokenEndpoints.class);
  private final ModuleContext context;
  private final OAuth1Config config;
  private final CachedTokens tokens;
  private final OAuth1Verifier verifier;
  private final InstantSource clock;

  TokenEndpoints(ModuleContext context, OAuth1Config config, CachedTokens tokens, OAuth1Verifier verifier, InstantSource clock) {
    this.context = context;
    this.config = config;
    this.tokens = tokens;
    this.verifier = verifier;
    this.clock = clock;
  }

  private String realm() {
    return context.settings().realm();
  }

  /** Sends a failure in the seed-000 dialect. */
  static void reply(RoutingContext ctx, Failure f) {
    portcullis.server.http.Failures.write(ctx.response(), f);
  }

  private static void form(RoutingContext ctx, String body) {
    ctx.response().setStatusCode(200).putHeader("Content-Type", "application/x-www-form-urlencoded")
        .putHeader("Cache-Control", "no-store").end(body);
  }

  /** Runs {@code work} on the worker pool; it returns the form body or throws {@link Rejection}. */
  private void blocking(RoutingContext ctx, java.util.concurrent.Callable<String> work) {
    String ip = portcullis.server.http.OwnEndpoints.clientAddress(ctx);
    Failure refused = context.limiters().before(ip, Seed000Dialect.INSTANCE, ctx.request().path());
    if (refused != null) {
      reply(ctx, refused); // an address the failed-credential throttle refuses outright
      return;
    }
    context.worker().executeBlocking(work, false).onComplete(ar -> {
      if (ar.succeeded()) {
        form(ctx, ar.result());
      } else if (ar.cause() instanceof Rejection r && r.failure.wrongSecretOf() != null) {
        io.vertx.core.Context here = ctx.vertx().getOrCreateContext();
        context.limiters().judgeFailure(r.failure, ip, ctx.request().path())
            .whenComplete((f, e) -> here.runOnContext(v -> reply(ctx, e == null ? f : r.failure)));
      } else if (ar.cause() instanceof Rejection r) {
        reply(ctx, r.failure);
      } else {
        if (ar.cause() instanceof StoreUnavailableException) {
          LOG.warn("oauth1 {}: store unavailable: {}", ctx.request().path(), ar.cause().getMessage());
        } else {
          LOG.error("oauth1 {}: unexpected failure", ctx.request().path(), ar.cause());
        }
        reply(ctx, Seed000Dialect.INSTANCE.unavailable().withHeaders(java.util.List.of(java.util.Map.entry("Retry-After", "5"))));
      }
    });
  }

  /** A failure to send back, thrown out of blocking work. */
  static final class Rejection extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Failure failure;

    Rejection(Failure failure) {
      super(failure.code(), null, false, false);
      this.failure = failure;
    }
  }

  /** A client's registered callback URLs (the portal's); none registered: any valid callback. Blocking, on the worker. */
  volatile java.util.function.Function<String, java.util.List<String>> registeredCallbacks = key -> java.util.List.of();

  void requestToken(RoutingContext ctx) {
    portcullis.core.RequestView view = RawBody.view(ctx);
    blocking(ctx, () -> {
      var v = verified(view, OAuth1Verifier.Expect.NO_TOKEN);
      String callback = v.request().get("oauth_callback");
      if (callback == null || callback.isEmpty()) {
        throw new Rejection(OAuth1Failures.of(Problem.PARAMETER_ABSENT, "Send oauth_callback: the URL to return to after"
            + " authorization, or oob to show the verifier to the user.", realm(), "no callback", "oauth_parameters_absent", "oauth_callback"));
      }
      if (!validCallback(callback)) {
        throw new Rejection(OAuth1Failures.of(Problem.PARAMETER_REJECTED, "oauth_callback must be oob or an absolute"
            + " http(s) URL without a fragment, at most 2048 characters.", realm(), "bad callback"));
      }
      java.util.List<String> registered = registeredCallbacks.apply(v.client().clientKey());
      if (!registered.isEmpty() && !"oob".equals(callback) && !registered.contains(callback)) {
        throw new Rejection(OAuth1Failures.of(Problem.PARAMETER_REJECTED, "oauth_callback must be oob or exactly one of the"
            + " callback URLs registered for this app in the developer portal.", realm(), "unregistered callback"));
      }
      Set<String> scopes = scopes(v.request().param("scope"), v.client().scopes());
      String value = Crypto.randomBase62(32);
      String secret = Crypto.randomBase62(40);
      Instant now = clock.instant();
      OAuth1Token t = new OAuth1Token(CachedTokens.hash(value), OAuth1Token.Kind.REQUEST, v.client().clientKey(), null, secret,
          scopes, callback, OAuth1Token.State.PENDING, null, now, now.plusSeconds(config.requestTokenTtlSeconds()));
      tokens.store().insert(t);
      tokens.invalidate(t.hash());
      return "oauth_token=" + value + "&oauth_token_secret=" + secret + "&oauth_callback_confirmed=true";
    });
  }

  /**
   * Verifies the signed request, then commits its nonce (on this worker thread); throws {@link
   * Rejection} with the verifier's failure, or with the claim's own failure for a replay.
   */
  private OAuth1Verifier.Verified verified(portcullis.core.RequestView view, OAuth1Verifier.Expect expect) {
    Result<OAuth1Verifier.Verified> r = verifier.verify(view, realm(), context.directory().blocking(), expect);
    if (!(r instanceof Result.Ok<OAuth1Verifier.Verified> ok)) {
      throw new Rejection(r.failure());
    }
    Failure throttled = context.limiters().judgeSuccess(java.util.List.of(portcullis.core.Subject.client(ok.value().client().clientKey())),
        view.clientAddress(), Seed000Dialect.INSTANCE, view.path());
    if (throttled != null) {
      throw new Rejection(throttled);
    }
    var nonce = ok.value().nonce();
    if (nonce.isPresent() && !portcullis.server.ReplayClaims.hold(context.replay(), nonce.get())) {
      throw new Rejection(nonce.get().conflict());
    }
    return ok.value();
  }

  /** Requested ∩ the client's scopes; the client's scopes when none are requested. */
  static Set<String> scopes(String requested, Set<String> client) {
    if (requested == null || requested.isBlank()) {
      return client;
    }
    Set<String> out = new LinkedHashSet<>();
    for (String s : requested.trim().split("[\\s,]+")) {
      if (client.contains(s)) {
        out.add(s);
      }
    }
    return out;
  }

  static boolean validCallback(String cb) {
    if (cb.equals("oob")) {
      return true;
    }
    if (cb.length() > 2048) {
      return false;
    }
    try {
      URI u = new URI(cb);
      return ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme())) && u.getHost() != null
          && u.getRawFragment() == null && u.getRawUserInfo() == null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  void accessToken(RoutingContext ctx) {
    portcullis.core.RequestView view = RawBody.view(ctx);
    blocking(ctx, () -> {
      var v = verified(view, OAuth1Verifier.Expect.REQUEST_TOKEN);
      OAuth1Token request = v.token();
      String given = v.request().get("oauth_verifier");
      if (given == null || given.isEmpty()) {
        throw new Rejection(OAuth1Failures.of(Problem.PARAMETER_ABSENT, "Send oauth_verifier: the value the user got"
            + " after approving (on your callback, or shown on the page for oob).", realm(), "no verifier",
            "oauth_parameters_absent", "oauth_verifier"));
      }
      if (request.state() == OAuth1Token.State.PENDING) {
        throw new Rejection(OAuth1Failures.of(Problem.VERIFIER_INVALID, "The user has not approved this request token yet.",
            realm(), request.id() + " still pending"));
      }
      boolean match = request.state() == OAuth1Token.State.AUTHORIZED
          && Crypto.constantTimeEquals(request.verifierHash(), Crypto.sha256Hex(given));
      if (!match) {
        tokens.store().consume(request.hash());
        tokens.invalidate(request.hash());
        throw new Rejection(request.state() == OAuth1Token.State.DENIED
            ? OAuth1Failures.of(Problem.TOKEN_REJECTED, "The user denied this request; start again with a new request token.",
                realm(), request.id() + " denied")
            : OAuth1Failures.of(Problem.VERIFIER_INVALID, "The oauth_verifier is wrong; the request token is now used up."
                + " Start again with a new request token.", realm(), request.id() + " wrong verifier"));
      }
      String value = Crypto.randomBase62(32);
      String secret = Crypto.randomBase62(40);
      OAuth1Token access = new OAuth1Token(CachedTokens.hash(value), OAuth1Token.Kind.ACCESS, request.clientKey(),
          request.accountId(), secret, request.scopes(), null, OAuth1Token.State.ACTIVE, null, clock.instant(), null);
      boolean exchanged = tokens.store().exchange(request.hash(), access);
      tokens.invalidate(request.hash());
      tokens.invalidate(access.hash());
      if (!exchanged) {
        throw new Rejection(OAuth1Failures.of(Problem.TOKEN_REJECTED, "This request token was used already.", realm(),
            request.id() + " used twice"));
      }
      return "oauth_token=" + value + "&oauth_token_secret=" + secret + "&scope="
          + Percent.encode(String.join(" ", new java.util.TreeSet<>(access.scopes())));
    });
  }
}
