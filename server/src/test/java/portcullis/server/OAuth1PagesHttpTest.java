package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.json;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import portcullis.client.OAuth1Signer;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.RunningGateway;

/**
 * The OAuth 1.0a pages and endpoints at their edges: bad escapes in queries and forms, sessions that
 * end with a password change, cookies scoped to the pages, and 405 for other methods.
 */
class OAuth1PagesHttpTest {
  static final String YAML = OAuth1Flow.TEST_YAML + """
        - name: echo
          path: /v2/echo
          methods: [GET]
          upstream: sample
          schemes: [oauth1]
      """;
  static OAuth1Flow flow;

  @RegisterExtension
  static final RunningGateway h = RunningGateway.of(YAML).afterStop(log -> {
    String text = log.text();
    assertThat(text).doesNotContain("Exception").doesNotContain("failed unexpectedly");
  });
  static final Harness.TestClient app = h.clientForClass(h.accountForClass(), true, "read", "write");

  @BeforeAll
  static void start() {
    flow = new OAuth1Flow(h);
  }

  /** curl -i: [headers and body, status]; fails the test when the connection is not answered. */
  static String[] curl(String... args) {
    return Harness.curl(args);
  }

  @Test
  void authorize_badEscapeInQueryOrForm_4xxNeverServerError() {
    String[] get = curl(h.base + "/v2/oauth/authorize?oauth_token=%zz");
    assertThat(get[1]).isEqualTo("400");
    assertThat(get[0]).contains("This link is not valid any more");
    String[] post = curl("-X", "POST", "-H", "Content-Type: application/x-www-form-urlencoded",
        "--data-binary", "oauth_token=%zz&csrf=%&action=approve", h.base + "/v2/oauth/authorize");
    assertThat(post[1]).isEqualTo("403");
    String[] token = curl("-X", "POST", "-H", "Content-Type: application/x-www-form-urlencoded",
        "--data-binary", "scope=%zz&oauth_callback=%", h.base + "/v2/oauth/request_token");
    assertThat(Integer.parseInt(token[1])).isBetween(400, 499);
  }

  @Test
  void authorizedApps_signIn_throttledAfterTenWrongPasswordsFromOneAddress_anotherAddressSignsIn() throws Exception {
    var user = h.account();
    String apps = h.base + "/developers/authorized-apps";
    java.util.function.BiFunction<String, String, String[]> signIn = (ip, password) -> {
      try {
        Path jar = Files.createTempFile("cookies", ".txt");
        String[] form = curl("--interface", ip, "-c", jar.toString(), "-b", jar.toString(), apps);
        return curl("--interface", ip, "-c", jar.toString(), "-b", jar.toString(), "--data-urlencode", "email=" + user.email(),
            "--data-urlencode", "password=" + password, "--data-urlencode", "csrf=" + OAuth1Flow.csrf(form[0]), apps + "/login");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };
    for (int i = 0; i < 10; i++) {
      assertThat(signIn.apply("127.0.0.41", "wrong " + i)[1]).isEqualTo("401");
    }
    String[] refused = signIn.apply("127.0.0.41", user.password());
    assertThat(refused[1]).isEqualTo("429");
    assertThat(refused[0]).contains("Too many failed sign-in attempts from this address");
    assertThat(signIn.apply("127.0.0.42", user.password())[1]).isEqualTo("303");
  }

  @Test
  void authorizedApps_badEscapeWhileSignedIn_connectionAnswered() throws Exception {
    var user = h.account();
    Path jar = Files.createTempFile("cookies", ".txt");
    String apps = h.base + "/developers/authorized-apps";
    String[] form = curl("-c", jar.toString(), "-b", jar.toString(), apps);
    assertThat(form[1]).isEqualTo("200");
    String[] login = curl("-c", jar.toString(), "-b", jar.toString(), "--data-urlencode", "email=" + user.email(),
        "--data-urlencode", "password=" + user.password(), "--data-urlencode", "csrf=" + OAuth1Flow.csrf(form[0]), apps + "/login");
    assertThat(login[1]).isEqualTo("303");
    String[] page = curl("-b", jar.toString(), apps + "?revoked=%zz");
    assertThat(page[1]).isEqualTo("200");
    assertThat(page[0]).contains("Signed in as").contains(user.email());
    String[] revoke = curl("-b", jar.toString(), "-H", "Content-Type: application/x-www-form-urlencoded",
        "--data-binary", "client_key=%zz&csrf=%zz", apps + "/revoke");
    assertThat(revoke[1]).isEqualTo("403");
  }

  @Test
  void session_passwordChanged_oldSessionCannotApprove() {
    var user = h.account();
    HttpClient browser = OAuth1Flow.browser();
    var first = flow.requestToken(app.key(), app.secret(), Map.of("oauth_callback", "oob"));
    assertThat(flow.decide(browser, first.get("oauth_token"), user.email(), user.password(), "approve").statusCode()).isEqualTo(200);

    var second = flow.requestToken(app.key(), app.secret(), Map.of("oauth_callback", "oob"));
    var signedIn = flow.get(browser, "/v2/oauth/authorize?oauth_token=" + second.get("oauth_token"));
    assertThat(signedIn.body()).contains("Signed in as");

    var patch = h.admin("PATCH", "/admin/accounts/" + user.id(), new JsonObject().put("password", "a brand new password 42"));
    assertThat(patch.statusCode()).as(patch.body()).isEqualTo(200);

    var page = flow.get(browser, "/v2/oauth/authorize?oauth_token=" + second.get("oauth_token"));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).doesNotContain("Signed in as").contains("name=\"password\"");
    var approve = flow.post(browser, "/v2/oauth/authorize", "oauth_token=" + second.get("oauth_token") + "&csrf="
        + OAuth1Flow.csrf(page.body()) + "&action=approve");
    assertThat(approve.statusCode()).isEqualTo(400);
    assertThat(approve.body()).contains("Enter your email and password").doesNotContain("id=\"verifier\"");
    var apps = flow.get(browser, "/developers/authorized-apps");
    assertThat(apps.body()).doesNotContain("Signed in as").contains("Sign in");
  }

  /** A cookie tossed into the victim's browser (e.g. from a sibling subdomain) must not let an attacker approve for it. */
  @Test
  void authorize_signedInVictimWithAttackerPlantedCsrfCookie_cannotBeMadeToApprove() {
    var victim = h.account();
    var first = flow.requestToken(app.key(), app.secret(), Map.of("oauth_callback", "oob"));
    var signIn = flow.decide(OAuth1Flow.browser(), first.get("oauth_token"), victim.email(), victim.password(), "approve");
    String session = signIn.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("portcullis_session="))
        .findFirst().orElseThrow().replaceAll("^portcullis_session=([^;]*).*", "$1");
    String planted = "AttackerChosenCsrfSeed0123456789";
    var attackers = flow.requestToken(app.key(), app.secret(), Map.of("oauth_callback", "https://attacker.example/cb"));
    var attackerPage = h.send(HttpRequest.newBuilder(URI.create(h.base + "/v2/oauth/authorize?oauth_token=" + attackers.get("oauth_token")))
        .header("Cookie", "portcullis_csrf=" + planted).GET());
    String attackerCsrf = OAuth1Flow.csrf(attackerPage.body());
    var forged = h.send(HttpRequest.newBuilder(URI.create(h.base + "/v2/oauth/authorize"))
        .header("Cookie", "portcullis_session=" + session + "; portcullis_csrf=" + planted)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("oauth_token=" + attackers.get("oauth_token") + "&csrf=" + attackerCsrf + "&action=approve")));
    assertThat(forged.statusCode()).as(forged.body()).isEqualTo(403);
    assertThat(forged.headers().firstValue("Location")).isEmpty();

    var own = h.send(HttpRequest.newBuilder(URI.create(h.base + "/v2/oauth/authorize?oauth_token=" + attackers.get("oauth_token")))
        .header("Cookie", "portcullis_session=" + session + "; portcullis_csrf=" + planted).GET());
    assertThat(own.body()).contains("Signed in as");
    var approved = h.send(HttpRequest.newBuilder(URI.create(h.base + "/v2/oauth/authorize"))
        .header("Cookie", "portcullis_session=" + session + "; portcullis_csrf=" + planted)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("oauth_token=" + attackers.get("oauth_token") + "&csrf="
            + OAuth1Flow.csrf(own.body()) + "&action=approve")));
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(303);
  }

  @Test
  void cookies_scopedToThePagePaths_neverSentWithApiCalls() {
    var user = h.account();
    var t = flow.requestToken(app.key(), app.secret(), Map.of("oauth_callback", "oob"));
    var page = h.get("/v2/oauth/authorize?oauth_token=" + t.get("oauth_token"));
    List<String> csrf = page.headers().allValues("Set-Cookie");
    assertThat(csrf).hasSize(2).allMatch(c -> c.startsWith("portcullis_csrf="))
        .anyMatch(c -> c.contains("Path=/v2/oauth/authorize")).anyMatch(c -> c.contains("Path=/developers;") || c.endsWith("Path=/developers"))
        .noneMatch(c -> c.contains("Path=/;") || c.endsWith("Path=/")).noneMatch(c -> c.contains("Secure"));

    HttpClient browser = OAuth1Flow.browser();
    var done = flow.decide(browser, t.get("oauth_token"), user.email(), user.password(), "approve");
    assertThat(done.headers().allValues("Set-Cookie")).filteredOn(c -> c.startsWith("portcullis_session="))
        .extracting(c -> c.replaceAll(".*(Path=[^;]*).*", "$1"))
        .containsExactlyInAnyOrder("Path=/v2/oauth/authorize", "Path=/developers"); // the portal's path covers the apps page
    assertThat(flow.get(browser, "/developers/authorized-apps").body()).contains("Signed in as");

    var access = flow.threeLegged(app, user, null);
    URI echo = URI.create(h.base + "/v2/echo");
    String auth = OAuth1Signer.builder(app.key(), app.secret()).token(access.get("oauth_token"), access.get("oauth_token_secret"))
        .build().sign("GET", echo, List.of(), Map.of()).authorizationHeader(null);
    HttpResponse<String> r;
    try {
      r = browser.send(HttpRequest.newBuilder(echo).header("Authorization", auth).GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r).getJsonObject("headers").getString("cookie", "")).doesNotContain("portcullis_");
  }

  /** Signs in on the Authorized applications page with a cookie-keeping browser; returns the signed-in page. */
  static HttpResponse<String> signInToApps(HttpClient browser, Harness.TestAccount user) {
    var form = flow.get(browser, "/developers/authorized-apps");
    var login = flow.post(browser, "/developers/authorized-apps/login", "email=" + OAuth1Flow.enc(user.email()) + "&password="
        + OAuth1Flow.enc(user.password()) + "&csrf=" + OAuth1Flow.csrf(form.body()));
    assertThat(login.statusCode()).as(login.body()).isEqualTo(303);
    var page = flow.get(browser, "/developers/authorized-apps");
    assertThat(page.body()).contains("Signed in as");
    return page;
  }

  /** Posts the page's revoke form for {@code clientKey}, follows the redirect; returns the page shown after it. */
  static HttpResponse<String> revokeOnAppsPage(HttpClient browser, String csrf, String clientKey) {
    var revoke = flow.post(browser, "/developers/authorized-apps/revoke", "client_key=" + OAuth1Flow.enc(clientKey) + "&csrf=" + csrf);
    assertThat(revoke.statusCode()).as(revoke.body()).isEqualTo(303);
    String location = revoke.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith("/developers/authorized-apps");
    var after = flow.get(browser, location);
    assertThat(after.statusCode()).isEqualTo(200);
    return after;
  }

  @Test
  void appsPage_revokeAnAppNeverAuthorized_saysNothingWasRevoked() {
    var user = h.account();
    var stranger = h.client(h.account(), false, "read");
    HttpClient browser = OAuth1Flow.browser();
    var page = signInToApps(browser, user);
    var after = revokeOnAppsPage(browser, OAuth1Flow.csrf(page.body()), stranger.key());
    assertThat(after.body()).doesNotContain("Access revoked").contains("Nothing to revoke");

    flow.threeLegged(app, user, null);
    page = flow.get(browser, "/developers/authorized-apps");
    assertThat(page.body()).contains("Revoke access for test app");
    after = revokeOnAppsPage(browser, OAuth1Flow.csrf(page.body()), app.key());
    assertThat(after.body()).contains("Access revoked").doesNotContain("Nothing to revoke").contains("id=\"no-apps\"");
    // the same form sent twice (a second tab, a double click): the second time there was nothing left
    after = revokeOnAppsPage(browser, OAuth1Flow.csrf(after.body()), app.key());
    assertThat(after.body()).doesNotContain("Access revoked").contains("Nothing to revoke");
  }

  @Test
  void adminAuthorizations_listOnlyLiveOnes() {
    var user = h.account();
    var other = h.client(h.account(), false, "read");
    flow.threeLegged(app, user, null);
    flow.threeLegged(other, user, null);
    String list = "/admin/accounts/" + user.id() + "/authorizations";
    assertThat(keys(h.admin("GET", list, null))).containsExactly(app.key(), other.key());

    assertThat(h.admin("DELETE", "/admin/clients/" + other.key(), null).statusCode()).isEqualTo(204);
    assertThat(keys(h.admin("GET", list, null))).as("a revoked client's authorization is not live").containsExactly(app.key());
    assertThat(h.admin("DELETE", list + "/" + app.key(), null).statusCode()).isEqualTo(204);
    assertThat(keys(h.admin("GET", list, null))).isEmpty();
    assertThat(flow.get(OAuth1Flow.browser(), "/developers/authorized-apps").statusCode()).isEqualTo(200);
    assertThat(signInToApps(OAuth1Flow.browser(), user).body()).contains("id=\"no-apps\"");
  }

  static List<String> keys(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json(r).getJsonArray("authorizations").stream().map(o -> ((JsonObject) o).getString("client_key")).toList();
  }

  static void assert405(HttpResponse<String> r, String allow) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue(allow);
    JsonObject b = json(r);
    assertThat(b.getInteger("status")).isEqualTo(405);
    assertThat(b.getString("message")).isEqualTo("Method Not Allowed");
    assertThat(b.getString("additional")).isNotBlank();
    assertThat(b.getString("reference")).isNotNull();
  }

  @Test
  void tokenEndpoints_otherMethods_405AllowPost() {
    for (String path : List.of("/v2/oauth/request_token", "/v2/oauth/access_token")) {
      assert405(h.get(path), "POST");
      assert405(h.send(h.request(path).PUT(HttpRequest.BodyPublishers.ofString("a=1"))), "POST");
      assert405(h.send(h.request(path).DELETE()), "POST");
    }
    assert405(h.send(h.request("/v2/oauth/authorize").PUT(HttpRequest.BodyPublishers.noBody())), "GET, POST");
    assert405(h.send(h.request("/developers/authorized-apps/revoke").method("GET", HttpRequest.BodyPublishers.noBody())), "POST");
  }
}
