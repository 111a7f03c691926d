package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import portcullis.client.KeyTokenClient;
import portcullis.client.OAuth1Signer;
import portcullis.core.store.AccountStatus;
import portcullis.server.cluster.InProcessHub;

/**
 * Two real gateways in one JVM on one database (the embedded H2 in a shared data directory, so one
 * master key too), joined by the in-process invalidation channel: every revocation made through
 * node A is refused by node B within a second (measured), the OAuth 1.0a pages work across the
 * nodes, a reconnect drops everything, and a silent channel makes B read through to the store.
 */
class ClusterInvalidationHttpTest {
  /** The bound the cluster promises for a revocation to be seen everywhere. */
  static final Duration BOUND = Duration.ofSeconds(1);
  static final InProcessHub hub = new InProcessHub();
  static InProcessHub.Member channelA;
  static InProcessHub.Member channelB;
  static Harness a;
  static Harness b;

  @BeforeAll
  static void start() {
    Path dir = Harness.tempDir();
    channelA = hub.join();
    a = Harness.node(Harness.demoYaml(), InstantSource.system(), dir, channelA);
    channelB = hub.join();
    b = Harness.node(Harness.demoYaml(), InstantSource.system(), dir, channelB);
  }

  @AfterAll
  static void stop() {
    Harness.closeAll(b, a);
  }

  /** Polls until {@code status} answers {@code expected}; returns how long that took (fails after 15 s). */
  static Duration until(int expected, IntSupplier status) {
    long start = System.nanoTime();
    int last;
    do {
      last = status.getAsInt();
      if (last == expected) {
        return Duration.ofNanos(System.nanoTime() - start);
      }
      sleep(10);
    } while (System.nanoTime() - start < Duration.ofSeconds(15).toNanos());
    throw new AssertionError("still " + last + " instead of " + expected + " after 15 s");
  }

  static void assertWithinBound(Duration took, String what) {
    assertThat(took).as(what + " seen on node B after %d ms", took.toMillis()).isLessThan(BOUND);
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static int basic(Harness on, Harness.TestAccount user, String password, Harness.TestClient app) {
    return on.get("/v2/whoami", "Authorization", Harness.basic(user.email(), password), "X-Client-Key", app.key()).statusCode();
  }

  static HttpResponse<String> tokenRequest(Harness on, Harness.TestClient app, String secret) {
    return on.send(on.request("/api/token").header("Authorization", Harness.basic(app.key(), secret))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
  }

  // ---- accounts and clients through A's admin API ----

  @Test
  void accountLockedOnA_refusedOnB_withinASecond() {
    lockSeen(a, b);
  }

  /** A lock and an unlock made through {@code a}'s admin API, each seen by {@code b} within the bound. */
  static void lockSeen(Harness a, Harness b) {
    var user = a.account();
    var app = a.client(user, false);
    assertThat(basic(b, user, user.password(), app)).isEqualTo(200); // cached on B
    a.setStatus(user, "locked");
    assertWithinBound(until(403, () -> basic(b, user, user.password(), app)), "a lock");
    a.setStatus(user, "active");
    assertWithinBound(until(200, () -> basic(b, user, user.password(), app)), "an unlock");
  }

  @Test
  void passwordChangedOnA_oldPasswordRefusedOnB_withinASecond() {
    passwordChangedOnA_oldPasswordRefusedOnB_withinASecond(a, b);
  }

  /** The same between any two nodes (also run over Redis by ClusterRedisHttpTest). */
  static void passwordChangedOnA_oldPasswordRefusedOnB_withinASecond(Harness a, Harness b) {
    var user = a.account();
    var app = a.client(user, false);
    assertThat(basic(b, user, user.password(), app)).isEqualTo(200);
    var r = a.admin("PATCH", "/admin/accounts/" + user.id(), new JsonObject().put("password", "a brand new password 42"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertWithinBound(until(401, () -> basic(b, user, user.password(), app)), "a password change");
    assertThat(basic(b, user, "a brand new password 42", app)).isEqualTo(200);
  }

  @Test
  void clientRevokedOnA_refusedOnB_withinASecond() {
    clientRevocationSeen(a, b);
  }

  /** A client deleted through {@code a}'s admin API, refused by {@code b} within the bound. */
  static void clientRevocationSeen(Harness a, Harness b) {
    var user = a.account();
    var app = a.client(user, false);
    assertThat(basic(b, user, user.password(), app)).isEqualTo(200);
    assertThat(a.admin("DELETE", "/admin/clients/" + app.key(), null).statusCode()).isEqualTo(204);
    assertWithinBound(until(401, () -> basic(b, user, user.password(), app)), "a client revocation");
  }

  @Test
  void secretRotatedOnA_oldSecretRefusedOnB_withinASecond() {
    secretRotatedOnA_oldSecretRefusedOnB_withinASecond(a, b);
  }

  /** The same between any two nodes (also run over Redis by ClusterRedisHttpTest). */
  static void secretRotatedOnA_oldSecretRefusedOnB_withinASecond(Harness a, Harness b) {
    var user = a.account();
    var app = a.client(user, false);
    assertThat(tokenRequest(b, app, app.secret()).statusCode()).isEqualTo(200);
    var r = a.admin("POST", "/admin/clients/" + app.key() + "/rotate-secret", new JsonObject().put("overlap_seconds", 0));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertWithinBound(until(401, () -> tokenRequest(b, app, app.secret()).statusCode()), "a secret rotation");
    assertThat(tokenRequest(b, app, Harness.json(r).getString("client_secret")).statusCode()).isEqualTo(200);
  }

  // ---- tokens ----

  @Test
  void bearerRevokedOnA_rfc7009_refusedOnB_withinASecond() {
    bearerRevokedOnA_rfc7009_refusedOnB_withinASecond(a, b);
  }

  /** The same between any two nodes (also run over Redis by ClusterRedisHttpTest). */
  static void bearerRevokedOnA_rfc7009_refusedOnB_withinASecond(Harness a, Harness b) {
    var user = a.account();
    var app = a.client(user, false);
    var issued = tokenRequest(a, app, app.secret());
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
    String token = Harness.json(issued).getString("access_token");
    IntSupplier onB = () -> b.get("/api/whoami", "Authorization", "Bearer " + token).statusCode();
    assertThat(onB.getAsInt()).isEqualTo(200);
    var revoke = a.send(a.request("/api/token/revoke").header("Authorization", Harness.basic(app.key(), app.secret()))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("token=" + token)));
    assertThat(revoke.statusCode()).as(revoke.body()).isEqualTo(200);
    assertWithinBound(until(401, onB), "an RFC 7009 revocation");
  }

  @Test
  void keyTokenRevokedOnA_refusedOnB_withinASecond() {
    keyTokenRevokedOnA_refusedOnB_withinASecond(a, b);
  }

  /** The same between any two nodes (also run over Redis by ClusterRedisHttpTest). */
  static void keyTokenRevokedOnA_refusedOnB_withinASecond(Harness a, Harness b) {
    var user = a.account();
    var app = a.client(user, false);
    String first = keyToken(a, app);
    var list = a.admin("GET", "/admin/clients/" + app.key() + "/keytokens", null);
    String firstId = Harness.json(list).getJsonArray("keytokens").getJsonObject(0).getString("id"); // the only one yet
    String second = keyToken(a, app);
    IntSupplier firstOnB = () -> b.get("/v0/whoami", "Authorization", app.key() + ":" + first).statusCode();
    IntSupplier secondOnB = () -> b.get("/v0/whoami", "Authorization", app.key() + ":" + second).statusCode();
    assertThat(firstOnB.getAsInt()).isEqualTo(200);
    assertThat(secondOnB.getAsInt()).isEqualTo(200);
    assertThat(a.admin("DELETE", "/admin/keytokens/" + firstId, null).statusCode()).isEqualTo(200);
    assertWithinBound(until(401, firstOnB), "a key-token revocation");
    assertThat(secondOnB.getAsInt()).isEqualTo(200);
    assertThat(a.admin("DELETE", "/admin/clients/" + app.key() + "/keytokens", null).statusCode()).isEqualTo(200);
    assertWithinBound(until(401, secondOnB), "revoking all of a client's key-tokens");
  }

  private static long lastMillis;

  private static synchronized long uniqueMillis() {
    lastMillis = Math.max(lastMillis + 1, System.currentTimeMillis());
    return lastMillis;
  }

  static String keyToken(Harness a, Harness.TestClient app) {
    long ts = uniqueMillis();
    var r = a.send(a.request("/v0/tokens").header("Content-Type", "application/json").header("Authorization", app.key())
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("publicKey", app.key())
            .put("secretKey", KeyTokenClient.hashedSecret(app.secret(), ts)).put("timestamp", ts).encode())));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Harness.json(r).getString("token");
  }

  // ---- OAuth 1.0a across the nodes ----

  static int oauth1Call(Harness on, Harness.TestClient app, Map<String, String> access) {
    URI uri = URI.create(on.base + "/v2/whoami");
    String auth = OAuth1Signer.builder(app.key(), app.secret()).token(access.get("oauth_token"), access.get("oauth_token_secret"))
        .build().sign("GET", uri, List.of(), Map.of()).authorizationHeader(null);
    return on.send(HttpRequest.newBuilder(uri).header("Authorization", auth).GET()).statusCode();
  }

  @Test
  void oauth1_authorizeGetOnA_postOnB_exchangeOnB_callOnA() {
    oauth1_authorizeGetOnA_postOnB_exchangeOnB_callOnA(a, b);
  }

  /** The same between any two nodes (also run over Redis by ClusterRedisHttpTest). */
  static void oauth1_authorizeGetOnA_postOnB_exchangeOnB_callOnA(Harness a, Harness b) {
    var user = a.account();
    var app = a.client(user, true);
    OAuth1Flow onA = new OAuth1Flow(a);
    OAuth1Flow onB = new OAuth1Flow(b);
    var t = onA.requestToken(app.key(), app.secret(), Map.of("oauth_callback", "oob"));
    HttpClient browser = OAuth1Flow.browser(); // cookies are per host, not per port: one site behind a balancer
    var page = onA.get(browser, "/v2/oauth/authorize?oauth_token=" + OAuth1Flow.enc(t.get("oauth_token")));
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    var done = onB.post(browser, "/v2/oauth/authorize", "oauth_token=" + OAuth1Flow.enc(t.get("oauth_token")) + "&csrf="
        + OAuth1Flow.csrf(page.body()) + "&email=" + OAuth1Flow.enc(user.email()) + "&password=" + OAuth1Flow.enc(user.password())
        + "&action=approve");
    assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
    var m = java.util.regex.Pattern.compile("id=\"verifier\">([^<]+)<").matcher(done.body());
    assertThat(m.find()).as(done.body()).isTrue();
    var at = onB.signedPost(OAuth1Signer.builder(app.key(), app.secret()).token(t.get("oauth_token"), t.get("oauth_token_secret")).build(),
        "/v2/oauth/access_token", Map.of("oauth_verifier", m.group(1)));
    assertThat(at.statusCode()).as(at.body()).isEqualTo(200);
    Map<String, String> access = OAuth1Flow.form(at.body());
    assertThat(oauth1Call(a, app, access)).isEqualTo(200);

    // B's POST signed the browser in: A trusts that session too
    var second = onB.requestToken(app.key(), app.secret(), Map.of("oauth_callback", "oob"));
    assertThat(onA.get(browser, "/v2/oauth/authorize?oauth_token=" + OAuth1Flow.enc(second.get("oauth_token"))).body())
        .contains("Signed in as");
  }

  @Test
  void oauth1_appRevokedOnAsAuthorizedAppsPage_refusedOnB_withinASecond_andSignOutEndsTheSessionEverywhere() {
    oauth1_appRevokedOnAsAuthorizedAppsPage_refusedOnB_withinASecond_andSignOutEndsTheSessionEverywhere(a, b);
  }

  /** The same between any two nodes (also run over Redis by ClusterRedisHttpTest). */
  static void oauth1_appRevokedOnAsAuthorizedAppsPage_refusedOnB_withinASecond_andSignOutEndsTheSessionEverywhere(Harness a, Harness b) {
    var user = a.account();
    var app = a.client(user, true);
    Map<String, String> access = new OAuth1Flow(a).threeLegged(app, user, null);
    assertThat(oauth1Call(b, app, access)).isEqualTo(200); // cached on B

    OAuth1Flow onA = new OAuth1Flow(a);
    OAuth1Flow onB = new OAuth1Flow(b);
    HttpClient browser = OAuth1Flow.browser();
    var form = onA.get(browser, "/developers/authorized-apps");
    var login = onB.post(browser, "/developers/authorized-apps/login", "csrf=" + OAuth1Flow.csrf(form.body())
        + "&email=" + OAuth1Flow.enc(user.email()) + "&password=" + OAuth1Flow.enc(user.password()));
    assertThat(login.statusCode()).as(login.body()).isEqualTo(303);
    var apps = onA.get(browser, "/developers/authorized-apps");
    assertThat(apps.body()).contains("Signed in as").contains(app.key());
    var revoke = onA.post(browser, "/developers/authorized-apps/revoke", "client_key=" + OAuth1Flow.enc(app.key()) + "&csrf="
        + OAuth1Flow.csrf(apps.body()));
    assertThat(revoke.statusCode()).as(revoke.body()).isEqualTo(303);
    assertWithinBound(until(401, () -> oauth1Call(b, app, access)), "an app revoked on the authorized-apps page");

    // sign out on B: the same cookie is refused by A afterwards
    var signedIn = onB.get(browser, "/developers/authorized-apps");
    String cookie = browserCookie(browser, b, "portcullis_session");
    var out = onB.post(browser, "/developers/authorized-apps/logout", "csrf=" + OAuth1Flow.csrf(signedIn.body()));
    assertThat(out.statusCode()).isEqualTo(303);
    var replayed = a.send(a.request("/developers/authorized-apps").header("Cookie", "portcullis_session=" + cookie).GET());
    assertThat(replayed.body()).doesNotContain("Signed in as");
  }

  static String browserCookie(HttpClient browser, Harness on, String name) {
    var jar = (java.net.CookieManager) browser.cookieHandler().orElseThrow();
    return jar.getCookieStore().get(URI.create(on.base + "/developers/authorized-apps")).stream()
        .filter(c -> c.getName().equals(name)).findFirst().orElseThrow().getValue();
  }

  // ---- trust ----

  @Test
  void reconnect_dropsEverythingCached() {
    var user = a.account();
    var app = a.client(user, false);
    assertThat(basic(b, user, user.password(), app)).isEqualTo(200);
    a.server.store().updateAccountStatus(user.id(), AccountStatus.LOCKED); // straight in the database: nobody is told
    sleep(200);
    assertThat(basic(b, user, user.password(), app)).as("B answers from its cache").isEqualTo(200);
    channelB.disconnect();
    try {
      sleep(100);
      assertThat(basic(b, user, user.password(), app)).as("still cached while disconnected (under 5 s)").isEqualTo(200);
    } finally {
      channelB.connect();
    }
    assertWithinBound(until(403, () -> basic(b, user, user.password(), app)), "a reconnect's drop-all");
  }

  /** A write made on A while A was cut off never reached B; when A reconnects, every node drops everything. */
  @Test
  void writeWhileDisconnected_reachesBWhenAReconnects() {
    var user = a.account();
    var app = a.client(user, false);
    assertThat(basic(b, user, user.password(), app)).isEqualTo(200);
    channelA.disconnect();
    try {
      a.setStatus(user, "locked"); // durable, but its invalidation is lost
      sleep(200);
      assertThat(basic(b, user, user.password(), app)).as("B has not heard (under 5 s)").isEqualTo(200);
    } finally {
      channelA.connect();
    }
    assertWithinBound(until(403, () -> basic(b, user, user.password(), app)), "A's drop-all after its reconnect");
  }

  @Test
  void silence_makesBReadThroughToTheStore_untilItHearsAgain() {
    var user = a.account();
    var app = a.client(user, false);
    assertThat(basic(b, user, user.password(), app)).isEqualTo(200);
    assertThat(gauge(b)).isEqualTo("1.0");
    long deafAt = System.nanoTime();
    channelB.deaf(true);
    Duration took;
    try {
      a.server.store().updateAccountStatus(user.id(), AccountStatus.LOCKED); // straight in the database: nobody is told
      assertThat(basic(b, user, user.password(), app)).as("B answers from its cache").isEqualTo(200);
      until(403, () -> basic(b, user, user.password(), app));
      took = Duration.ofNanos(System.nanoTime() - deafAt);
      assertThat(gauge(b)).isEqualTo("0.0");
      a.server.store().updateAccountStatus(user.id(), AccountStatus.ACTIVE);
      assertThat(basic(b, user, user.password(), app)).as("every look-up reads the store").isEqualTo(200);
    } finally {
      channelB.deaf(false);
    }
    // deaf from the last heartbeat heard (at most 1 s before) to 5 s of silence
    assertThat(took).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(7));
    until(200, () -> gauge(b).equals("1.0") ? 200 : 0);
    assertThat(basic(b, user, user.password(), app)).isEqualTo(200);
  }

  static String gauge(Harness on) {
    String metrics = on.get("/metrics").body();
    var m = java.util.regex.Pattern.compile("(?m)^portcullis_caches_trusted(?:\\{[^}]*\\})? (\\S+)$").matcher(metrics);
    assertThat(m.find()).as(metrics).isTrue();
    return m.group(1);
  }

  @Test
  void metrics_countPublishedAndReceived_andTheLag() {
    var user = a.account();
    a.setStatus(user, "disabled");
    until(1, () -> b.get("/metrics").body().contains("portcullis_invalidations_received_total{kind=\"account\"") ? 1 : 0);
    String onA = a.get("/metrics").body();
    String onB = b.get("/metrics").body();
    assertThat(onA).containsPattern("portcullis_invalidations_published_total\\{kind=\"account\"\\} [1-9]");
    assertThat(onB).containsPattern("portcullis_invalidations_received_total\\{kind=\"account\"\\} [1-9]")
        .containsPattern("portcullis_invalidations_lag_seconds_count [1-9]");
    assertThat(onB).doesNotContain(user.password());
  }
}
