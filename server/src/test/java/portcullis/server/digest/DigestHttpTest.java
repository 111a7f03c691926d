package portcullis.server.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.json;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import portcullis.client.DigestAuth;
import portcullis.server.Harness;
import portcullis.core.testing.MovableClock;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.RunningGateway;

/** Digest + client key on the demo configuration (SHA-256 then MD5, userhash offered), over a real socket. */
class DigestHttpTest {
  static final String REALM = "Portcullis Demo";
  static final MovableClock clock = MovableClock.atNow();

  @RegisterExtension
  static final RunningGateway h = RunningGateway.demo(clock);
  static final Harness.TestAccount alice = h.accountForClass("alice.smith+digest@mail.example.co.uk", "Circle of Life");
  static final Harness.TestClient app = h.clientForClass(alice, false, "read", "write");

  static void assertSeed(HttpResponse<String> r, int status, String message) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonObject b = json(r);
    assertThat(b.fieldNames()).containsExactlyInAnyOrder("status", "message", "additional", "reference");
    assertThat(b.getInteger("status")).isEqualTo(status);
    assertThat(b.getString("message")).isEqualTo(message);
  }

  static DigestAnswers.Challenge challenge() {
    return DigestAnswers.Challenge.of(h.get("/v2/whoami"));
  }

  static String answer(Harness.TestAccount a, String password, DigestAnswers.Challenge c, String nc, String uri) {
    return DigestAnswers.header("SHA-256", "SHA-256", false, a.email(), false, password, REALM, c, nc, "cn0nce", "GET", uri);
  }

  @Test
  void noCredentials_401WithDigestChallengesSha256FirstThenBasic() {
    var r = h.get("/v2/whoami", "X-Client-Key", app.key());
    assertSeed(r, 401, "Could not authenticate:");
    List<String> ch = r.headers().allValues("WWW-Authenticate").stream().filter(v -> !v.startsWith("OAuth ")).toList();
    assertThat(ch).hasSize(3);
    assertThat(ch.get(0)).startsWith("Digest realm=\"Portcullis Demo\", qop=\"auth\", algorithm=SHA-256, nonce=\"")
        .contains("opaque=\"", "userhash=true").doesNotContain("stale");
    assertThat(ch.get(1)).contains("algorithm=MD5");
    assertThat(ch.get(2)).startsWith("Basic realm=");
  }

  @Test
  void curlDigest_sha256WithUserhash_200() {
    var run = Harness.run("curl", "-s", "-v", "--digest", "-u", alice.email() + ":" + alice.password(), "-H", "X-Client-Key: " + app.key(),
        h.base + "/v2/whoami?x=1");
    assertThat(run.exit()).as(run.err()).isZero();
    JsonObject who = new JsonObject(run.out());
    assertThat(who.getString("account")).isEqualTo(alice.id());
    assertThat(who.getString("scheme")).isEqualTo("digest");
    assertThat(who.getJsonArray("scopes").getList()).containsExactly("read", "write");
    assertThat(run.err()).contains("algorithm=SHA-256", "userhash=true", "uri=\"/v2/whoami?x=1\"");
  }

  @Test
  void pythonRequests_httpDigestAuth_twoRequestsInOneSession() {
    String script = """
        import sys, requests
        from requests.auth import HTTPDigestAuth
        s = requests.Session()
        s.auth = HTTPDigestAuth(sys.argv[2], sys.argv[3])
        s.headers['X-Client-Key'] = sys.argv[4]
        for path in ('/v2/whoami', '/v2/products?page=2'):
            r = s.get(sys.argv[1] + path)
            print(r.status_code, r.text)
        """;
    var run = Harness.run("/usr/bin/python3", "-c", script, h.base, alice.email(), alice.password(), app.key());
    assertThat(run.exit()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("200 ").contains("\"scheme\":\"digest\"");
    assertThat(lines.get(1)).startsWith("200 ");
  }

  @Test
  void javaSdk_answersChallengeReusesNonceAndFollowsStale() throws Exception {
    DigestAuth auth = DigestAuth.of(alice.email(), alice.password()).header("X-Client-Key", app.key());
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = auth.send(h.http, h.request("/v2/whoami?i=" + i).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(json(r).getString("scheme")).isEqualTo("digest");
    }
    clock.advanceSeconds(301);
    try {
      HttpResponse<String> afterStale = auth.send(h.http, h.request("/v2/whoami").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(afterStale.statusCode()).as(afterStale.body()).isEqualTo(200);
    } finally {
      clock.advanceSeconds(-301);
    }
    var wrong = DigestAuth.of(alice.email(), "not the password").header("X-Client-Key", app.key())
        .send(h.http, h.request("/v2/whoami").build(), HttpResponse.BodyHandlers.ofString());
    assertSeed(wrong, 401, "Could not authenticate:");
  }

  @Test
  void staleNonce_401StaleTrueThenFreshNonceWorks() {
    var c = challenge();
    clock.advanceSeconds(301);
    try {
      var r = h.get("/v2/whoami", "Authorization", answer(alice, alice.password(), c, "00000001", "/v2/whoami"), "X-Client-Key", app.key());
      assertSeed(r, 401, "Could not authenticate:");
      assertThat(json(r).getString("additional")).contains("expired");
      List<String> ch = r.headers().allValues("WWW-Authenticate");
      assertThat(ch).anyMatch(v -> v.startsWith("Basic "));
      assertThat(ch.stream().filter(v -> v.startsWith("Digest "))).hasSize(2).allMatch(v -> v.endsWith("stale=true"));
      var fresh = DigestAnswers.Challenge.of(r);
      var ok = h.get("/v2/whoami", "Authorization", answer(alice, alice.password(), fresh, "00000001", "/v2/whoami"), "X-Client-Key", app.key());
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    } finally {
      clock.advanceSeconds(-301);
    }
  }

  @Test
  void staleNonceWithWrongPassword_401NotStale() {
    var c = challenge();
    clock.advanceSeconds(301);
    try {
      var r = h.get("/v2/whoami", "Authorization", answer(alice, "wrong", c, "00000001", "/v2/whoami"), "X-Client-Key", app.key());
      assertSeed(r, 401, "Could not authenticate:");
      assertThat(r.headers().allValues("WWW-Authenticate")).noneMatch(v -> v.contains("stale=true"));
    } finally {
      clock.advanceSeconds(-301);
    }
  }

  @Test
  void clientKeyRules_sameAsBasic() {
    var c = challenge();
    var noKey = h.get("/v2/whoami", "Authorization", answer(alice, alice.password(), c, "00000001", "/v2/whoami"));
    assertSeed(noKey, 400, "Must give an app key via X-Client-Key header or client_key query string parameter");

    var bob = h.account();
    var bobApp = h.client(bob, false, "read");
    var foreign = h.get("/v2/whoami", "Authorization", answer(alice, alice.password(), c, "00000002", "/v2/whoami"), "X-Client-Key", bobApp.key());
    assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(403);

    var pub = h.client(alice, true, "read");
    var isPublic = h.get("/v2/whoami", "Authorization", answer(alice, alice.password(), c, "00000003", "/v2/whoami"), "X-Client-Key", pub.key());
    assertThat(isPublic.statusCode()).isEqualTo(403);
    assertThat(json(isPublic).getString("additional")).contains("OAuth 1.0a", "Digest");

    String uri = "/v2/whoami?client_key=" + app.key();
    var inQuery = h.get(uri, "Authorization", answer(alice, alice.password(), c, "00000004", uri));
    assertThat(inQuery.statusCode()).as(inQuery.body()).isEqualTo(200);
  }

  @Test
  void accountStatus_lockedAndDisabled_403SeedBodies() {
    var carol = h.account();
    var carolApp = h.client(carol, false);
    var c = challenge();
    h.setStatus(carol, "locked");
    var locked = h.get("/v2/whoami", "Authorization", answer(carol, carol.password(), c, "00000001", "/v2/whoami"), "X-Client-Key", carolApp.key());
    assertSeed(locked, 403, "No API Access");
    assertThat(json(locked).getString("additional")).isEqualTo("The authenticated account is locked due to an unpaid balance.");
    h.setStatus(carol, "disabled");
    var disabled = h.get("/v2/whoami", "Authorization", answer(carol, carol.password(), c, "00000002", "/v2/whoami"), "X-Client-Key", carolApp.key());
    assertSeed(disabled, 403, "API Access is disabled");
    assertThat(json(disabled).getString("additional")).isEqualTo("API access has been disabled for this user due to API terms violation.");
  }

  @Test
  void passwordChange_rewritesHa1_oldPasswordRefused() {
    var dave = h.account();
    var daveApp = h.client(dave, false);
    var c = challenge();
    assertThat(h.get("/v2/whoami", "Authorization", answer(dave, dave.password(), c, "00000001", "/v2/whoami"), "X-Client-Key", daveApp.key())
        .statusCode()).isEqualTo(200);
    var patch = h.admin("PATCH", "/admin/accounts/" + dave.id(), new JsonObject().put("password", "a brand new password"));
    assertThat(patch.statusCode()).as(patch.body()).isEqualTo(200);
    var old = h.get("/v2/whoami", "Authorization", answer(dave, dave.password(), c, "00000002", "/v2/whoami"), "X-Client-Key", daveApp.key());
    assertSeed(old, 401, "Could not authenticate:");
    var now = h.get("/v2/whoami", "Authorization", answer(dave, "a brand new password", c, "00000003", "/v2/whoami"), "X-Client-Key", daveApp.key());
    assertThat(now.statusCode()).as(now.body()).isEqualTo(200);
  }

  @Test
  void basicStillWorksBesideDigest() {
    var r = h.get("/v2/products", "Authorization", Harness.basic(alice.email(), alice.password()), "X-Client-Key", app.key());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    var post = h.send(h.request("/v2/whoami").POST(HttpRequest.BodyPublishers.ofString("x")));
    assertThat(post.statusCode()).isEqualTo(405);
  }
}
