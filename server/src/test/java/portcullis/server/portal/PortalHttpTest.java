package portcullis.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.Harness;
import portcullis.server.testing.RunningGateway;

/** The portal's sessions, CSRF values, headers and refusals over plain HTTP, against the demo. */
class PortalHttpTest {
  @RegisterExtension
  static final RunningGateway h = RunningGateway.demo();

  PortalClient browser() {
    return new PortalClient(h.base);
  }

  static void strictHeaders(HttpResponse<String> r) {
    String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
    assertThat(csp).contains("default-src 'none'").contains("script-src 'self'").contains("style-src 'self'")
        .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
    assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
  }

  @Test
  void everyPage_strictContentSecurityPolicy_noInlineScriptOrStyle() {
    PortalClient b = browser();
    var account = h.account();
    for (String p : List.of("/developers/signin", "/developers/signup", "/developers/forgot", "/developers/nope")) {
      var r = b.get(p);
      strictHeaders(r);
      assertThat(r.body()).doesNotContain("<script>").doesNotContain("style=").doesNotContainPattern(" on[a-z]+=");
    }
    assertThat(b.signIn(account.email(), account.password()).statusCode()).isEqualTo(303);
    String[] app = b.register("Headers app");
    for (String p : List.of("/developers", "/developers/apps/new", "/developers/apps/" + app[0], "/developers/apps/" + app[0] + "/revoke",
        "/developers/authorized-apps")) {
      var r = b.get(p);
      assertThat(r.statusCode()).as(p).isEqualTo(200);
      strictHeaders(r);
      assertThat(r.body()).as(p).doesNotContain("<script>").doesNotContain(" style=").contains("Portcullis Demo");
    }
  }

  @Test
  void sessionCookie_httpOnlySameSiteLax_scopedToThePortal_notSecureOverHttp() {
    PortalClient b = browser();
    var account = h.account();
    String csrf = PortalClient.csrf(b.get("/developers/signin"));
    var r = b.post("/developers/signin", Map.of("csrf", csrf, "email", account.email(), "password", account.password()));
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/developers");
    List<String> session = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("portcullis_session=")).toList();
    assertThat(session).isNotEmpty().allSatisfy(c -> assertThat(c).containsIgnoringCase("HttpOnly").contains("SameSite=Lax").doesNotContain("Secure"));
    assertThat(session).anySatisfy(c -> assertThat(c).contains("Path=/developers"));
    assertThat(session).noneSatisfy(c -> assertThat(c).contains("Path=/;"));
    assertThat(b.get("/developers").body()).contains("My apps").contains(account.email());
  }

  @Test
  void forms_withoutOrWithAnotherBrowsersCsrfValue_refused() {
    var account = h.account();
    PortalClient b = browser();
    // no CSRF value, a made-up one, and one from another browser's cookie
    assertThat(b.post("/developers/signin", Map.of("email", account.email(), "password", account.password())).statusCode()).isEqualTo(403);
    assertThat(b.post("/developers/signup", Map.of("csrf", "00", "email", "x+" + UUID.randomUUID() + "@example.com",
        "password", "long enough password")).statusCode()).isEqualTo(403);
    PortalClient other = browser();
    String othersCsrf = PortalClient.csrf(other.get("/developers/signin"));
    b.get("/developers/signin");
    assertThat(b.post("/developers/signin", Map.of("csrf", othersCsrf, "email", account.email(), "password", account.password()))
        .statusCode()).isEqualTo(403);

    // signed in: the forms' values are bound to the session, so a sign-in form's value does not work on them
    assertThat(b.signIn(account.email(), account.password()).statusCode()).isEqualTo(303);
    String anonymous = PortalClient.csrf(browser().get("/developers/signin"));
    var refused = b.post("/developers/apps/new", Map.of("csrf", anonymous, "name", "CSRF app", "kind", "internal"));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("This form has expired");
    String[] app = b.register("CSRF app");
    assertThat(b.post("/developers/apps/" + app[0] + "/rotate", Map.of("overlap_seconds", "0")).statusCode()).isEqualTo(403);
    String csrf = b.csrfOf("/developers/apps/" + app[0]);
    assertThat(b.post("/developers/apps/" + app[0] + "/revoke", Map.of("csrf", csrf)).statusCode()).as("no confirmation").isEqualTo(403);
    assertThat(b.post("/developers/apps/" + app[0] + "/revoke", Map.of("csrf", csrf, "confirm", "yes")).statusCode()).isEqualTo(303);
  }

  @Test
  void signedInPages_withoutSession_orWithAForgedOne_goToSignIn() {
    PortalClient b = browser();
    for (String p : List.of("/developers", "/developers/apps/new", "/developers/apps/abc")) {
      var r = b.get(p);
      assertThat(r.statusCode()).as(p).isEqualTo(303);
      assertThat(r.headers().firstValue("Location")).hasValue("/developers/signin");
    }
    var account = h.account();
    b.signIn(account.email(), account.password());
    String cookie = b.cookies.get("portcullis_session");
    b.cookies.put("portcullis_session", cookie.substring(0, cookie.length() - 2) + (cookie.endsWith("00") ? "11" : "00"));
    assertThat(b.get("/developers").statusCode()).isEqualTo(303);
  }

  @Test
  void signOut_endsTheSessionOnEveryCopyOfTheCookie() {
    var account = h.account();
    PortalClient b = browser();
    b.signIn(account.email(), account.password());
    String copy = b.cookies.get("portcullis_session");
    String csrf = b.csrfOf("/developers");
    var out = b.post("/developers/signout", Map.of("csrf", csrf));
    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(out.headers().firstValue("Location")).hasValue("/developers/signin?n=signedout");
    PortalClient thief = browser();
    thief.cookies.put("portcullis_session", copy);
    assertThat(thief.get("/developers").statusCode()).isEqualTo(303);
  }

  @Test
  void signIn_unknownEmailAndWrongPassword_sameAnswerAndCost() {
    var account = h.account();
    List<Long> unknown = new ArrayList<>();
    List<Long> wrong = new ArrayList<>();
    String unknownBody = null;
    String wrongBody = null;
    for (int i = 0; i < 4; i++) {
      PortalClient b = browser();
      String csrf = PortalClient.csrf(b.get("/developers/signin"));
      long t0 = System.nanoTime();
      var r = b.post("/developers/signin", Map.of("csrf", csrf, "email", "nobody+" + UUID.randomUUID() + "@example.com", "password", "whatever pw"));
      unknown.add(System.nanoTime() - t0);
      assertThat(r.statusCode()).isEqualTo(401);
      unknownBody = r.body().replaceAll("value=\"[^\"]*\"", "");
      csrf = PortalClient.csrf(b.get("/developers/signin"));
      t0 = System.nanoTime();
      r = b.post("/developers/signin", Map.of("csrf", csrf, "email", account.email(), "password", "wrong password " + i));
      wrong.add(System.nanoTime() - t0);
      assertThat(r.statusCode()).isEqualTo(401);
      wrongBody = r.body().replaceAll("value=\"[^\"]*\"", "");
    }
    assertThat(unknownBody).isEqualTo(wrongBody).contains("The email or password is not right.");
    long u = unknown.stream().sorted().toList().get(1);
    long w = wrong.stream().sorted().toList().get(1);
    // both run one Argon2id check (tens of milliseconds); an unknown email is not answered at once
    assertThat((double) u / w).as("unknown %d ns vs wrong %d ns", u, w).isBetween(0.4, 2.5);
    assertThat(u).isGreaterThan(5_000_000L);
  }

  @Test
  void signIn_throttledAfterTenFailures_evenWithTheRightPassword() {
    var account = h.account();
    PortalClient b = browser();
    for (int i = 0; i < 10; i++) { // limits.failedLogins.perIdentityAndIp
      assertThat(b.signIn(account.email(), "not the password").statusCode()).isEqualTo(401);
    }
    var r = b.signIn(account.email(), account.password());
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.headers().firstValue("Retry-After")).isPresent();
    assertThat(r.body()).contains("Too many sign-in attempts");
    // one throttle for every way in (docs/limits.md): the API refuses the pair too; from another address it answers
    var app = h.client(account, false, "read");
    assertThat(Harness.curl("-u", account.email() + ":" + account.password(), "-H", "X-Client-Key: " + app.key(), h.base + "/v2/whoami")[1])
        .isEqualTo("429");
    assertThat(Harness.curl("--interface", "127.0.0.2", "-u", account.email() + ":" + account.password(), "-H", "X-Client-Key: " + app.key(),
        h.base + "/v2/whoami")[1]).isEqualTo("200");
  }

  @Test
  void secret_onlyOnTheCreationAnswer_neverInAUrlOrOnLaterPages() {
    var account = h.account();
    PortalClient b = browser();
    b.signIn(account.email(), account.password());
    String csrf = b.csrfOf("/developers/apps/new");
    var created = b.post("/developers/apps/new", Map.of("csrf", csrf, "name", "Secret app", "kind", "internal"));
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("Location")).isEmpty();
    String key = PortalClient.field(created.body(), "client-key");
    String secret = PortalClient.field(created.body(), "client-secret");
    for (String p : List.of("/developers", "/developers/apps/" + key, "/developers/apps/" + key + "/revoke")) {
      assertThat(b.get(p).body()).as(p).contains(key).doesNotContain(secret);
    }
    // the quick start names the key and a placeholder for the secret
    assertThat(b.get("/developers/apps/" + key).body()).contains("YOUR_CLIENT_SECRET");
  }

  @Test
  void anotherAccountsApp_isNotFound() {
    var alice = h.account();
    var bob = h.account();
    var bobsApp = h.client(bob, false, "read");
    PortalClient b = browser();
    b.signIn(alice.email(), alice.password());
    var r = b.get("/developers/apps/" + bobsApp.key());
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).doesNotContain("test app");
    String csrf = b.csrfOf("/developers");
    assertThat(b.post("/developers/apps/" + bobsApp.key() + "/rotate", Map.of("csrf", csrf, "overlap_seconds", "0")).statusCode()).isEqualTo(404);
    assertThat(b.post("/developers/apps/" + bobsApp.key() + "/revoke", Map.of("csrf", csrf, "confirm", "yes")).statusCode()).isEqualTo(404);
    assertThat(Harness.curl("-u", bob.email() + ":" + bob.password(), "-H", "X-Client-Key: " + bobsApp.key(), h.base + "/v2/whoami")[1])
        .isEqualTo("200");
  }

  @Test
  void register_refusesBadInput_keepingWhatWasTyped() {
    var account = h.account();
    PortalClient b = browser();
    b.signIn(account.email(), account.password());
    String csrf = b.csrfOf("/developers/apps/new");
    var r = b.post("/developers/apps/new", Map.of("csrf", csrf, "name", "Bad <b>app</b>", "kind", "internal", "callbacks",
        "https://ok.example.com/cb\njavascript:alert(1)"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("callback URL").contains("value=\"Bad &lt;b>app&lt;/b>\"").doesNotContain("<b>app</b>");
    r = b.post("/developers/apps/new", Map.of("csrf", csrf, "name", "  ", "kind", "internal"));
    assertThat(r.statusCode()).isEqualTo(400);
    r = b.post("/developers/apps/new", Map.of("csrf", csrf, "name", "Key app", "kind", "internal", "rsa_key", "-----BEGIN PUBLIC KEY-----\nnope\n"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("RSA public key");
    String csrfApp = csrf;
    String[] app = b.register("Rotating app");
    assertThat(b.post("/developers/apps/" + app[0] + "/rotate", Map.of("csrf", csrfApp, "overlap_seconds", "604801")).statusCode()).isEqualTo(400);
    assertThat(b.post("/developers/apps/" + app[0] + "/rotate", Map.of("csrf", csrfApp, "overlap_seconds", "-1")).statusCode()).isEqualTo(400);
    var rotated = b.post("/developers/apps/" + app[0] + "/rotate", Map.of("csrf", csrfApp, "overlap_seconds", "0"));
    assertThat(rotated.statusCode()).isEqualTo(200);
    String secret = PortalClient.field(rotated.body(), "client-secret");
    assertThat(Harness.curl("-X", "POST", "-u", app[0] + ":" + app[1], "-d", "grant_type=client_credentials", h.base + "/api/token")[1])
        .as("no overlap: the old secret stops at once").isEqualTo("401");
    assertThat(Harness.curl("-X", "POST", "-u", app[0] + ":" + secret, "-d", "grant_type=client_credentials", h.base + "/api/token")[1])
        .isEqualTo("200");
  }

  @Test
  void lockedAndDisabledAccounts_seeTheSeedsMessages() {
    var account = h.account();
    PortalClient b = browser();
    b.signIn(account.email(), account.password());
    h.setStatus(account, "locked");
    var r = b.get("/developers");
    assertThat(r.body()).contains("No API Access").contains("The authenticated account is locked due to an unpaid balance.");
    assertThat(b.get("/developers/apps/new").statusCode()).isEqualTo(403);
    h.setStatus(account, "disabled");
    assertThat(b.get("/developers").body()).contains("API Access is disabled")
        .contains("API access has been disabled for this user due to API terms violation.");
    h.setStatus(account, "active");
    assertThat(b.get("/developers").body()).doesNotContain("No API Access").doesNotContain("API Access is disabled");
  }

  @Test
  void signUp_sameRulesAsTheAdminApi_duplicateRefused() {
    PortalClient b = browser();
    String csrf = PortalClient.csrf(b.get("/developers/signup"));
    assertThat(b.post("/developers/signup", Map.of("csrf", csrf, "email", "not an email", "password", "long enough")).statusCode()).isEqualTo(400);
    assertThat(b.post("/developers/signup", Map.of("csrf", csrf, "email", "short+" + UUID.randomUUID() + "@example.com", "password", "short"))
        .statusCode()).isEqualTo(400);
    String email = "ali.baba+" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
    var ok = b.post("/developers/signup", Map.of("csrf", csrf, "email", email, "password", "open sesame!"));
    assertThat(ok.statusCode()).isEqualTo(303);
    assertThat(ok.headers().firstValue("Location")).hasValue("/developers?n=welcome");
    PortalClient again = browser();
    String c2 = PortalClient.csrf(again.get("/developers/signup"));
    assertThat(again.post("/developers/signup", Map.of("csrf", c2, "email", email.toUpperCase(), "password", "open sesame!")).statusCode())
        .isEqualTo(409);
    // the new account works with the API at once (Basic with a key made in the portal; Digest's HA1 was derived too)
    String[] app = b.register("Signed-up app");
    assertThat(Harness.curl("-u", email + ":open sesame!", "-H", "X-Client-Key: " + app[0], h.base + "/v2/whoami")[1]).isEqualTo("200");
    assertThat(Harness.curl("--digest", "-u", email + ":open sesame!", "-H", "X-Client-Key: " + app[0], h.base + "/v2/whoami")[1])
        .isEqualTo("200");
  }

  @Test
  void otherMethods_405WithAllow_unknownPages404() {
    var r = browser().get("/developers/signout");
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("POST");
    assertThat(browser().get("/developers/nothing-here").statusCode()).isEqualTo(404);
    var css = browser().get("/developers/static/portal.css");
    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.headers().firstValue("Content-Type").orElse("")).startsWith("text/css");
  }
}
