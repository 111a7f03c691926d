package portcullis.server.portal;

import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import portcullis.core.crypto.Crypto;
import portcullis.core.scheme.mtls.Thumbprints;
import portcullis.core.store.Client;
import portcullis.core.store.NewClient;
import portcullis.core.store.Store;
import portcullis.server.admin.ClientNames;
import portcullis.server.http.RawBody;
import portcullis.server.mtls.CertificateStore;
import portcullis.server.mtls.MtlsModule;
import portcullis.server.oauth1.OAuth1Pages;

/**
 * "My apps", registration (the key and the secret shown once, on the answer to the form: never in a
 * URL, never again), the app's page (details, usage of the last 24 hours, secret rotation with an
 * overlap, quick start, client certificates with the mtls module) and revocation behind a confirmation. An app is only ever shown to the
 * account that owns it; another's key is a 404.
 */
final class AppPages {
  private static final Pattern SCOPE = Pattern.compile("[A-Za-z0-9:._/\\-]{1,64}");
  private static final int MAX_SCOPES = 50;
  private static final int MAX_CALLBACKS = 10;
  static final long MAX_OVERLAP = 7L * 86400;
  /** Bindings an app may hold through the portal (the admin API sets no limit). */
  static final int MAX_CERTIFICATES = 20;
  /** A PEM certificate with a long chain fits; a paste longer than this is not one certificate. */
  private static final int MAX_CERTIFICATE_CHARS = 16 * 1024;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AppPages.class);
  private static final List<Views.Overlap> OVERLAPS = List.of(new Views.Overlap(0, "no overlap: it stops at once", false),
      new Views.Overlap(300, "5 minutes", false), new Views.Overlap(3600, "1 hour", false), new Views.Overlap(86400, "24 hours", true),
      new Views.Overlap(3 * 86400, "3 days", false), new Views.Overlap(MAX_OVERLAP, "7 days", false));
  private final Portal p;

  AppPages(Portal p) {
    this.p = p;
  }

  private static String notice(RoutingContext ctx) {
    String n = RawBody.query(ctx, "n");
    return n == null ? null : switch (n) {
      case "welcome" -> "Welcome! Your account is ready. Register an app to get its client key and secret.";
      case "confirmed" -> "Your address is confirmed and your account is ready.";
      case "revoked" -> "The app is revoked: every request with its key is refused from now on.";
      case "certificate-added" -> "The certificate is bound to this app from the next request on.";
      case "certificate-known" -> "This certificate is bound to this app already.";
      case "certificate-removed" -> "The certificate is removed: from the next request on it no longer stands for this app.";
      default -> null;
    };
  }

  Views.AppRow row(Client c, Instant lastUsed) {
    return row(c, lastUsed, p.context.settings());
  }

  static Views.AppRow row(Client c, Instant lastUsed, portcullis.server.config.Settings settings) {
    String scopes = c.scopes().isEmpty() ? "none" : String.join(", ", new TreeSet<>(c.scopes()));
    List<Views.ScopeLine> lines = new TreeSet<>(c.scopes()).stream().map(s -> new Views.ScopeLine(s, settings.scopeDescription(s))).toList();
    return new Views.AppRow(c.clientKey(), c.name().isEmpty() ? c.clientKey() : c.name(), scopes, c.isPublic(), Portal.when(c.createdAt()),
        Portal.when(lastUsed), c.active(), lines);
  }

  // ---- my apps ----

  void list(RoutingContext ctx) {
    String notice = notice(ctx);
    p.<List<Client>>signedIn(ctx, (me, dir) -> p.context.directory().store().clientsOf(me.account().id()), (me, clients) -> {
      List<Client> sorted = new ArrayList<>(clients);
      sorted.sort(Comparator.comparing(Client::active).reversed().thenComparing(Client::createdAt, Comparator.nullsLast(Comparator.reverseOrder())));
      p.usage.lastUsed(sorted.stream().map(Client::clientKey).toList()).onComplete(ar -> {
        Map<String, Instant> last = ar.succeeded() ? ar.result() : Map.of();
        List<Views.AppRow> rows = sorted.stream().map(c -> row(c, last.get(c.clientKey()))).toList();
        p.render(ctx, 200, "apps.jte", new Views.Apps(p.frame(ctx, me, "My apps").withNotice(notice), rows, Portal.active(me.account())));
      });
    });
  }

  // ---- register ----

  void newForm(RoutingContext ctx) {
    p.<Void>signedIn(ctx, (me, dir) -> null, (me, v) -> {
      if (!Portal.active(me.account())) {
        mayNotRegister(ctx, me);
        return;
      }
      formPage(ctx, 200, me, null, Set.of(), "", "", "", false, "", "");
    });
  }

  private void mayNotRegister(RoutingContext ctx, Portal.Me me) {
    p.render(ctx, 403, "message.jte", new Views.Message(p.frame(ctx, me, "Register an app"), "Register an app",
        "While API access of this account is off, no app can be registered.", "My apps", Portal.PATH));
  }

  private void formPage(RoutingContext ctx, int status, Portal.Me me, String error, Set<String> chosen, String scopeText, String name,
      String description, boolean isPublic, String callbacks, String rsa) {
    List<Views.ScopeChoice> choices = p.context.settings().declaredScopes().stream().map(s -> new Views.ScopeChoice(s,
        p.context.settings().scopeDescription(s), chosen.contains(s))).toList();
    p.render(ctx, status, "newapp.jte", new Views.NewApp(p.frame(ctx, me, "Register an app").withError(error), p.csrf(ctx, me), choices,
        scopeText, name, description, isPublic, callbacks, rsa));
  }

  void register(RoutingContext ctx) {
    var form = RawBody.form(ctx);
    p.<Void>signedIn(ctx, (me, dir) -> null, (me, v) -> {
      if (!p.csrfValid(ctx, me, RawBody.first(form, "csrf"))) {
        expired(ctx);
        return;
      }
      if (!Portal.active(me.account())) {
        mayNotRegister(ctx, me);
        return;
      }
      String rawName = RawBody.first(form, "name");
      String description = orEmpty(RawBody.first(form, "description")).strip();
      String scopeText = orEmpty(RawBody.first(form, "scopes")).strip();
      String kind = RawBody.first(form, "kind");
      String callbacks = orEmpty(RawBody.first(form, "callbacks")).strip();
      String rsa = orEmpty(RawBody.first(form, "rsa_key")).strip();
      Set<String> declared = p.context.settings().declaredScopes();
      Set<String> scopes = new LinkedHashSet<>();
      String problem = ClientNames.problem(rawName);
      if (problem != null) {
        problem = problem.replace("\"name\"", "The name");
      }
      if (declared.isEmpty()) {
        for (String s : scopeText.split("[\\s,]+")) {
          if (s.isEmpty()) {
            continue;
          }
          if (problem == null && !SCOPE.matcher(s).matches()) {
            problem = "A scope is 1-64 of A-Z a-z 0-9 : . _ / - (\"" + (s.length() > 64 ? s.substring(0, 64) + "…" : s) + "\" is not).";
          }
          scopes.add(s);
        }
      } else {
        for (String s : form.getOrDefault("scope", List.of())) {
          if (problem == null && !declared.contains(s)) {
            problem = "Choose scopes from the list.";
          }
          scopes.add(s);
        }
      }
      if (problem == null && scopes.size() > MAX_SCOPES) {
        problem = "An app may hold at most " + MAX_SCOPES + " scopes.";
      }
      if (problem == null && !"public".equals(kind) && !"internal".equals(kind)) {
        problem = "Choose whether the app is a public client or an internal tool.";
      }
      if (problem == null && (description.length() > 2000 || description.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t'))) {
        problem = "The description must be at most 2000 characters, without control characters.";
      }
      List<String> urls = new ArrayList<>();
      for (String line : callbacks.split("\\R")) {
        String u = line.strip();
        if (u.isEmpty() || urls.contains(u)) {
          continue;
        }
        if (problem == null && !OAuth1Pages.validCallbackUrl(u)) {
          problem = "Each callback URL must be an absolute http(s) URL without a fragment or user name, at most 2048 characters.";
        }
        urls.add(u);
      }
      if (problem == null && urls.size() > MAX_CALLBACKS) {
        problem = "Give at most " + MAX_CALLBACKS + " callback URLs.";
      }
      if (problem == null && !rsa.isEmpty()) {
        String bad = OAuth1Pages.rsaKeyProblem(rsa);
        if (bad != null) {
          problem = "The RSA public key could not be read: " + bad + ".";
        }
      }
      boolean isPublic = "public".equals(kind);
      if (problem != null) {
        formPage(ctx, 400, me, problem, scopes, scopeText, orEmpty(rawName), description, isPublic, callbacks, rsa);
        return;
      }
      String name = rawName.strip();
      String key = Crypto.randomBase62(NewClient.KEY_LENGTH);
      String secret = Crypto.randomBase62(NewClient.SECRET_LENGTH);
      Instant now = p.context.clock().instant();
      p.context.worker().executeBlocking(() -> {
        Client c = p.context.directory().store().createClient(new NewClient(key, me.account().id(), name, scopes, isPublic, secret));
        p.store.putApp(key, new PortalStore.AppDetails(description, urls));
        if (!rsa.isEmpty()) {
          p.oauth1.putRsaKey(key, rsa, now);
        }
        p.context.directory().invalidateClient(key);
        return c;
      }, false).onComplete(ar -> {
        if (ar.failed() && ar.cause() instanceof Store.InvalidValueException) {
          formPage(ctx, 400, me, "A value is too long; shorten the name, the scopes or the URLs.", scopes, scopeText, name, description,
              isPublic, callbacks, rsa);
        } else if (ar.failed()) {
          p.failed(ctx, ar.cause());
        } else {
          p.render(ctx, 201, "secret.jte", new Views.Secret(p.frame(ctx, me, "App registered"), "Your app is registered", name, key, secret,
              null));
        }
      });
    });
  }

  private void expired(RoutingContext ctx) {
    p.message(ctx, 403, "This form has expired", "For your safety the form could not be accepted (it is old or came from another"
        + " site). Go back, reload the page and try again.", "Back to the portal", Portal.PATH);
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  // ---- one app ----

  /** The account's own client with this key, or empty (another's, or none: the same 404). */
  private Optional<Client> own(Portal.Me me, String key) {
    if (key == null || key.length() > 128) {
      return Optional.empty();
    }
    return p.context.directory().store().client(key).filter(c -> c.ownerAccountId().equals(me.account().id()));
  }

  private void notFound(RoutingContext ctx, Portal.Me me) {
    p.render(ctx, 404, "message.jte", new Views.Message(p.frame(ctx, me, "No such app"), "No such app",
        "You have no app with this key.", "My apps", Portal.PATH));
  }

  /** @param certificates the app's bound certificates, null without the mtls module */
  private record Loaded(Client client, PortalStore.AppDetails details, List<CertificateStore.Binding> certificates) {}

  /** The account's own app with what its page shows (blocking), or null. */
  private Loaded load(Portal.Me me, String key) {
    return own(me, key).map(c -> new Loaded(c, p.store.app(key).orElse(PortalStore.AppDetails.NONE),
        p.certificates == null ? null : p.certificates.of(key))).orElse(null);
  }

  void show(RoutingContext ctx) {
    String key = ctx.pathParam("key");
    String notice = notice(ctx);
    p.<Loaded>signedIn(ctx, (me, dir) -> load(me, key), (me, l) -> {
      if (l == null) {
        notFound(ctx, me);
        return;
      }
      appPage(ctx, me, l, 200, notice, null, "");
    });
  }

  /** The app's page; {@code error} (or null) above it, {@code input} in the certificate form again. */
  private void appPage(RoutingContext ctx, Portal.Me me, Loaded l, int status, String notice, String error, String input) {
    String key = l.client().clientKey();
    var usage = p.usage.last24Hours(key);
    var last = p.usage.lastUsed(List.of(key));
    io.vertx.core.Future.join(usage, last).onComplete(ar -> {
      UsageCounters.Usage u = usage.succeeded() ? usage.result() : MemoryUsageCounters.empty(p.context.clock().instant());
      Instant lastUsed = last.succeeded() ? last.result().get(key) : null;
      Client c = l.client();
      Instant now = p.context.clock().instant();
      String previous = c.previousSecret() != null && c.previousSecretUntil() != null && now.isBefore(c.previousSecretUntil())
          ? Portal.when(c.previousSecretUntil()) : null;
      Views.QuickStart qs = QuickStart.of(p.context.settings(), p.oauth1.config(), p.base(ctx), c, me.account().email());
      Views.Certificates certs = l.certificates() == null ? null : new Views.Certificates(l.certificates().stream()
          .map(b -> new Views.Certificate(b.thumbprint(), hex(b.thumbprint()), Portal.when(b.createdAt()))).toList(), input, c.active());
      p.render(ctx, status, "app.jte", new Views.App(p.frame(ctx, me, row(c, lastUsed).name()).withNotice(notice).withError(error),
          p.csrf(ctx, me), row(c, lastUsed), l.details().description(), l.details().callbacks(), previous, OVERLAPS, UsageChart.of(u), qs,
          certs));
    });
  }

  /** A stored thumbprint (base64url) as {@code openssl x509 -fingerprint -sha256} prints it. */
  private static String hex(String thumbprint) {
    try {
      return java.util.HexFormat.ofDelimiter(":").withUpperCase().formatHex(java.util.Base64.getUrlDecoder().decode(thumbprint));
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  // ---- client certificates (the mtls module) ----

  /**
   * Binds a certificate to the app: a PEM certificate or its SHA-256 thumbprint, read by the admin
   * API's code ({@link MtlsModule#thumbprintOf}); refused when another client holds it.
   */
  void addCertificate(RoutingContext ctx) {
    String key = ctx.pathParam("key");
    var form = RawBody.form(ctx);
    String given = orEmpty(RawBody.first(form, "certificate")).strip();
    p.<Loaded>signedIn(ctx, (me, dir) -> load(me, key), (me, l) -> {
      if (!p.csrfValid(ctx, me, RawBody.first(form, "csrf"))) {
        expired(ctx);
        return;
      }
      if (l == null || !l.client().active()) {
        notFound(ctx, me);
        return;
      }
      String input = given;
      String problem = null;
      String thumbprint = null;
      if (input.isEmpty()) {
        problem = "Paste the certificate (PEM) or its SHA-256 thumbprint.";
      } else if (input.contains("PRIVATE KEY")) {
        problem = "That is a private key: it stays with you. Paste the certificate (-----BEGIN CERTIFICATE-----) or its thumbprint.";
        input = ""; // not sent back
      } else if (input.length() > MAX_CERTIFICATE_CHARS) {
        problem = "That is too long for one certificate; paste the app's own certificate only, or its thumbprint.";
        input = "";
      } else {
        thumbprint = MtlsModule.thumbprintOf(input);
        if (thumbprint == null) {
          problem = input.contains("-----BEGIN") ? "The certificate could not be read: paste a PEM X.509 certificate"
              + " (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)."
              : "That is not a SHA-256 thumbprint: give 64 hex digits (colons allowed, as openssl x509 -noout -fingerprint -sha256"
              + " prints them) or 43 base64url characters (RFC 8705 x5t#S256), or paste the certificate itself.";
        }
      }
      String t = thumbprint;
      boolean known = t != null && l.certificates().stream().anyMatch(b -> b.thumbprint().equals(t));
      if (problem == null && !known && l.certificates().size() >= MAX_CERTIFICATES) {
        problem = "An app may have at most " + MAX_CERTIFICATES + " certificates; remove one first.";
      }
      if (problem != null) {
        appPage(ctx, me, l, 400, null, problem, input);
        return;
      }
      if (known) {
        Portal.redirect(ctx, Portal.PATH + "/apps/" + key + "?n=certificate-known");
        return;
      }
      Instant now = p.context.clock().instant();
      String shown = input;
      // the admin API's write: it announces the client, so every node's binding cache drops it
      p.blocking(ctx, () -> p.certificates.bind(t, key, now), bound -> {
        if (!bound.clientKey().equals(key)) {
          appPage(ctx, me, l, 409, null, "This certificate is bound to another app already; a certificate stands for one app only."
              + " Remove it there first, or use another certificate.", shown);
        } else if (bound.createdAt().equals(now)) {
          LOG.info("portal: certificate {} bound to client {}", t, key);
          Portal.redirect(ctx, Portal.PATH + "/apps/" + key + "?n=certificate-added");
        } else {
          Portal.redirect(ctx, Portal.PATH + "/apps/" + key + "?n=certificate-known"); // added meanwhile (another tab)
        }
      });
    });
  }

  /** Removes a binding of the app (the thumbprint in the path, as the admin API's DELETE takes it). */
  void removeCertificate(RoutingContext ctx) {
    String key = ctx.pathParam("key");
    String thumbprint = Thumbprints.normalize(ctx.pathParam("thumbprint"));
    var form = RawBody.form(ctx);
    p.<Loaded>signedIn(ctx, (me, dir) -> load(me, key), (me, l) -> {
      if (!p.csrfValid(ctx, me, RawBody.first(form, "csrf"))) {
        expired(ctx);
        return;
      }
      if (l == null || !l.client().active()) {
        notFound(ctx, me);
        return;
      }
      if (thumbprint == null) {
        appPage(ctx, me, l, 404, null, "This app has no such certificate.", "");
        return;
      }
      p.blocking(ctx, () -> p.certificates.unbind(thumbprint, key), removed -> {
        if (removed) {
          LOG.info("portal: certificate {} unbound from client {}", thumbprint, key);
          Portal.redirect(ctx, Portal.PATH + "/apps/" + key + "?n=certificate-removed");
        } else {
          appPage(ctx, me, l, 404, null, "This app has no such certificate (removed already?).", "");
        }
      });
    });
  }

  void rotate(RoutingContext ctx) {
    String key = ctx.pathParam("key");
    var form = RawBody.form(ctx);
    String overlapText = RawBody.first(form, "overlap_seconds");
    p.<Client>signedIn(ctx, (me, dir) -> own(me, key).orElse(null), (me, c) -> {
      if (!p.csrfValid(ctx, me, RawBody.first(form, "csrf"))) {
        expired(ctx);
        return;
      }
      if (c == null || !c.active()) {
        notFound(ctx, me);
        return;
      }
      long overlap;
      try {
        overlap = Long.parseLong(orEmpty(overlapText).trim());
      } catch (NumberFormatException e) {
        overlap = -1;
      }
      if (overlap < 0 || overlap > MAX_OVERLAP) {
        p.message(ctx, 400, "Choose an overlap", "The overlap must be from 0 seconds to 7 days.", "Back to the app", Portal.PATH + "/apps/" + key);
        return;
      }
      String secret = Crypto.randomBase62(NewClient.SECRET_LENGTH);
      Instant until = p.context.clock().instant().plusSeconds(overlap);
      p.blocking(ctx, () -> {
        Optional<Client> rotated = p.context.directory().store().rotateSecret(key, secret, until); // the admin API's rotation
        p.context.directory().invalidateClient(key);
        return rotated;
      }, rotated -> {
        if (rotated.isEmpty()) {
          notFound(ctx, me);
        } else {
          p.render(ctx, 200, "secret.jte", new Views.Secret(p.frame(ctx, me, "Secret rotated"), "The secret is rotated",
              c.name().isEmpty() ? key : c.name(), key, secret, Portal.when(until)));
        }
      });
    });
  }

  void revokeForm(RoutingContext ctx) {
    String key = ctx.pathParam("key");
    p.<Client>signedIn(ctx, (me, dir) -> own(me, key).orElse(null), (me, c) -> {
      if (c == null || !c.active()) {
        notFound(ctx, me);
        return;
      }
      p.render(ctx, 200, "revoke.jte", new Views.Revoke(p.frame(ctx, me, "Revoke " + row(c, null).name()), p.csrf(ctx, me), row(c, null)));
    });
  }

  void revoke(RoutingContext ctx) {
    String key = ctx.pathParam("key");
    var form = RawBody.form(ctx);
    p.<Client>signedIn(ctx, (me, dir) -> own(me, key).orElse(null), (me, c) -> {
      if (!p.csrfValid(ctx, me, RawBody.first(form, "csrf")) || !"yes".equals(RawBody.first(form, "confirm"))) {
        expired(ctx);
        return;
      }
      if (c == null) {
        notFound(ctx, me);
        return;
      }
      p.blocking(ctx, () -> {
        boolean done = p.context.directory().store().revokeClient(key).isPresent();
        p.context.directory().invalidateClient(key); // after the commit: refused from the next request on, on every node
        return done;
      }, done -> Portal.redirect(ctx, Portal.PATH + "?n=revoked"));
    });
  }
}
