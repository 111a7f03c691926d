package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.basic;
import static portcullis.server.Harness.json;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.RunningGateway;

/** Seed 000/001/002 Basic + client key, every documented answer, over a real socket. */
class BasicHttpTest {
  @RegisterExtension
  static final RunningGateway h = RunningGateway.demo().afterStop(log -> {
    log.assertNoneOf(BasicHttpTest.alice.password(), BasicHttpTest.app.secret(), "pa:ss:wörd✓", "brand-new-password", "Jörg:pa:ss-123", Harness.ADMIN_TOKEN);
    assertThat(log.text()).contains("rejected 401");
  });
  static final Harness.TestAccount alice = h.accountForClass("alice.smith+api@mail.example.co.uk", "open sesame");
  static final Harness.TestClient app = h.clientForClass(alice, false, "read", "write");

  static void assertSeedBody(HttpResponse<String> r, int status, String message, String additional) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonObject b = json(r);
    assertThat(b.fieldNames()).containsExactlyInAnyOrder("status", "message", "additional", "reference");
    assertThat(b.getInteger("status")).isEqualTo(status);
    assertThat(b.getString("message")).isEqualTo(message);
    if (additional != null) {
      assertThat(b.getString("additional")).isEqualTo(additional);
    }
    assertThat(b.getString("reference")).isNotBlank();
  }

  @Test
  void authenticate_keyInHeader_forwardsIdentity() {
    var r = h.get("/v2/whoami", "Authorization", basic(alice.email(), alice.password()), "X-Client-Key", app.key());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject who = json(r);
    assertThat(who.getString("account")).isEqualTo(alice.id());
    assertThat(who.getString("client")).isEqualTo(app.key());
    assertThat(who.getString("scheme")).isEqualTo("basic");
    assertThat(who.getJsonArray("scopes").getList()).containsExactly("read", "write");
  }

  @Test
  void authenticate_noClientKey_400() {
    var r = h.get("/v2/whoami", "Authorization", basic(alice.email(), alice.password()));
    assertSeedBody(r, 400, "Must give an app key via X-Client-Key header or client_key query string parameter", "");
  }

  @Test
  void authenticate_wrongPassword_401WithChallenge() {
    var r = h.get("/v2/whoami", "Authorization", basic(alice.email(), "not it"), "X-Client-Key", app.key());
    assertSeedBody(r, 401, "Could not authenticate:", "");
    assertThat(r.headers().allValues("WWW-Authenticate")).anyMatch(v -> v.startsWith("Basic realm="));
  }

  @Test
  void authenticate_latin1Password_asPythonRequestsSends() {
    var acct = h.account("latin+" + System.nanoTime() + "@example.com", "pässwörd-123");
    var c = h.client(acct, false);
    byte[] raw = (acct.email() + ":pässwörd-123").getBytes(StandardCharsets.ISO_8859_1);
    var r = h.get("/v2/whoami", "Authorization", "Basic " + Base64.getEncoder().encodeToString(raw), "X-Client-Key", c.key());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @Test
  void authenticate_curl() {
    String[] out = Harness.curl("-u", alice.email() + ":" + alice.password(), "-H", "X-Client-Key: " + app.key(), h.base + "/v2/whoami");
    assertThat(out[1]).isEqualTo("200");
    assertThat(new JsonObject(out[0]).getString("account")).isEqualTo(alice.id());
  }

  @Test
  void post_notAllowed_405() {
    var r = h.send(h.request("/v2/whoami").POST(HttpRequest.BodyPublishers.ofString("x")));
    assertThat(r.statusCode()).isEqualTo(405);
  }
  @Test
  void authenticate_keyInQueryOrAliases() {
    String auth = basic(alice.email(), alice.password());
    assertThat(h.get("/v2/products?client_key=" + app.key(), "Authorization", auth).statusCode()).isEqualTo(200);
    assertThat(h.get("/v2/products?app_key=" + app.key(), "Authorization", auth).statusCode()).isEqualTo(200);
    assertThat(h.get("/v2/products", "Authorization", auth, "X-App-Key", app.key()).statusCode()).isEqualTo(200);
  }

  @Test
  void authenticate_noCredentials_401ChallengeForEveryScheme() {
    var r = h.get("/v2/whoami", "X-Client-Key", app.key());
    assertSeedBody(r, 401, "Could not authenticate:", "");
    assertThat(r.headers().allValues("WWW-Authenticate")).isNotEmpty().allMatch(v -> !v.isBlank());
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
  }

  @Test
  void authenticate_unknownUser_401() {
    var r = h.get("/v2/whoami", "Authorization", basic("nobody@example.com", "whatever1"), "X-Client-Key", app.key());
    assertSeedBody(r, 401, "Could not authenticate:", "");
  }

  @Test
  void authenticate_unknownOrRevokedKey_401() {
    var r = h.get("/v2/whoami", "Authorization", basic(alice.email(), alice.password()), "X-Client-Key", "no-such-key");
    assertSeedBody(r, 401, "Could not authenticate:", "The client key is unknown or has been revoked.");
    var c = h.client(alice, false, "read");
    String auth = basic(alice.email(), alice.password());
    assertThat(h.get("/v2/whoami", "Authorization", auth, "X-Client-Key", c.key()).statusCode()).isEqualTo(200);
    assertThat(h.admin("DELETE", "/admin/clients/" + c.key(), null).statusCode()).isEqualTo(204);
    assertSeedBody(h.get("/v2/whoami", "Authorization", auth, "X-Client-Key", c.key()), 401, "Could not authenticate:",
        "The client key is unknown or has been revoked.");
  }

  @Test
  void authenticate_foreignKey_403() {
    var bob = h.account();
    var bobsApp = h.client(bob, false, "read");
    var r = h.get("/v2/whoami", "Authorization", basic(alice.email(), alice.password()), "X-Client-Key", bobsApp.key());
    assertSeedBody(r, 403, "Client key not valid for this account", null);
  }

  @Test
  void authenticate_publicClient_403() {
    var pub = h.client(alice, true, "read");
    var r = h.get("/v2/whoami", "Authorization", basic(alice.email(), alice.password()), "X-Client-Key", pub.key());
    assertSeedBody(r, 403, "Public clients must use OAuth 1.0a", null);
  }

  @Test
  void authenticate_lockedThenDisabledThenActive_effectiveOnNextRequest() {
    var a = h.account();
    var c = h.client(a, false);
    String auth = basic(a.email(), a.password());
    assertThat(h.get("/v2/whoami", "Authorization", auth, "X-Client-Key", c.key()).statusCode()).isEqualTo(200);
    h.setStatus(a, "locked");
    assertSeedBody(h.get("/v2/whoami", "Authorization", auth, "X-Client-Key", c.key()), 403, "No API Access",
        "The authenticated account is locked due to an unpaid balance.");
    h.setStatus(a, "disabled");
    assertSeedBody(h.get("/v2/whoami", "Authorization", auth, "X-Client-Key", c.key()), 403, "API Access is disabled",
        "API access has been disabled for this user due to API terms violation.");
    h.setStatus(a, "active");
    assertThat(h.get("/v2/whoami", "Authorization", auth, "X-Client-Key", c.key()).statusCode()).isEqualTo(200);
  }

  @Test
  void authenticate_passwordChange_oldPasswordRefusedAtOnce() {
    var a = h.account();
    var c = h.client(a, false);
    assertThat(h.get("/v2/whoami", "Authorization", basic(a.email(), a.password()), "X-Client-Key", c.key()).statusCode()).isEqualTo(200);
    var r = h.admin("PATCH", "/admin/accounts/" + a.id(), new JsonObject().put("password", "brand-new-password"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(h.get("/v2/whoami", "Authorization", basic(a.email(), a.password()), "X-Client-Key", c.key()).statusCode()).isEqualTo(401);
    assertThat(h.get("/v2/whoami", "Authorization", basic(a.email(), "brand-new-password"), "X-Client-Key", c.key()).statusCode()).isEqualTo(200);
  }

  @Test
  void authenticate_passwordWithColonsAndUtf8() {
    var a = h.account("jörg+" + System.nanoTime() + "@example.com", "pa:ss:wörd✓");
    var c = h.client(a, false);
    var r = h.get("/v2/whoami", "Authorization", basic(a.email(), a.password()), "X-Client-Key", c.key());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String[] out = Harness.curl("-u", a.email() + ":" + a.password(), "-H", "X-Client-Key: " + c.key(), h.base + "/v2/whoami");
    assertThat(out[1]).isEqualTo("200");
  }

  @Test
  void authenticate_emailIsCaseInsensitive() {
    var r = h.get("/v2/whoami", "Authorization", basic(alice.email().toUpperCase(), alice.password()), "X-Client-Key", app.key());
    assertThat(r.statusCode()).isEqualTo(200);
  }

  @Test
  void dashboard_accountBasicWithoutKey() {
    var r = h.get("/api/dashboard/whoami", "Authorization", basic(alice.email(), alice.password()));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r).getString("account")).isEqualTo(alice.id());
    assertThat(json(r).getValue("client")).isNull();
  }

  @Test
  void authenticate_malformedHeaders_4xxNeverServerError() {
    String[] bad = {"Basic", "Basic ", "Basic !!!", "Basic " + b64("nocolon"), "Basic " + b64("a\u0000b:c"),
        "Basic " + "QUFB".repeat(2000), "Basic =", "Basic ====", "Basic " + b64(":"), "Basic " + b64(":pw"),
        "Basic\tQWxhZGRpbjpvcGVuIHNlc2FtZQ==", "basic " + b64("x:y"), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ== extra"};
    for (String v : bad) {
      var r = h.get("/v2/whoami", "Authorization", v, "X-Client-Key", app.key());
      assertThat(r.statusCode()).as(v + " -> " + r.body()).isBetween(400, 499);
      assertThat(r.body()).doesNotContain("Exception").doesNotContain("at portcullis");
    }
  }

  @Test
  void authenticate_pythonRequestsLatin1() {
    var a = h.account("py+" + System.nanoTime() + "@example.com", "Jörg:pa:ss-123");
    var c = h.client(a, false);
    String script = "import requests,sys\n"
        + "r = requests.get(sys.argv[1], auth=(sys.argv[2], sys.argv[3]), headers={'X-Client-Key': sys.argv[4]})\n"
        + "print(r.status_code)\nprint(r.text)\n";
    var run = Harness.run(java.util.List.of("/usr/bin/python3", "-c", script, h.base + "/v2/whoami", a.email(), a.password(), c.key()), null);
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("200");
    assertThat(run.out()).contains(a.id());
  }

  @Test
  void authenticate_curlAnyauth_answersTheChallenge() {
    String[] out = Harness.curl("--anyauth", "-u", alice.email() + ":" + alice.password(), "-H", "X-Client-Key: " + app.key(), h.base + "/v2/whoami");
    assertThat(out[1]).isEqualTo("200");
  }

  @Test
  void authenticate_hugeHeader_431() {
    String[] out = Harness.curl("-H", "X-Client-Key: " + app.key(), "-H", "X-Junk: " + "a".repeat(20_000), h.base + "/v2/whoami");
    assertThat(out[1]).isEqualTo("431");
  }

  @Test
  void unknownRoute_404_andDotSegments_400() {
    assertThat(h.get("/nope").statusCode()).isEqualTo(404);
    assertThat(json(h.get("/nope")).getString("message")).isEqualTo("Not Found");
    var r = h.send(h.request("/v2/products/%2e%2e/whoami").GET());
    assertThat(r.statusCode()).isEqualTo(400);
  }

  @Test
  void metrics_countRequestsByRouteAndStatus() {
    h.get("/v2/whoami", "Authorization", basic(alice.email(), alice.password()), "X-Client-Key", app.key());
    h.get("/v2/whoami");
    var m = h.get("/metrics");
    assertThat(m.statusCode()).isEqualTo(200);
    assertThat(m.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(m.body()).containsPattern("portcullis_requests_total\\{route=\"v2-whoami\",status=\"200\"} [1-9]")
        .containsPattern("portcullis_requests_total\\{route=\"v2-whoami\",status=\"401\"} [1-9]")
        .contains("portcullis_auth_slow_path_total").doesNotContain(alice.password());
  }

  @Test
  void health_andReady() {
    assertThat(h.get("/healthz").statusCode()).isEqualTo(200);
    assertThat(h.get("/readyz").body()).contains("ready");
  }

  @Test
  void everyResponse_carriesDateAndRequestId() {
    var r = h.get("/v2/whoami");
    assertThat(r.headers().firstValue("Date")).isPresent();
    assertThat(r.headers().firstValue("X-Request-Id")).hasValue(json(r).getString("reference"));
  }

  @Test
  void sdk_basicCredentials() {
    var auth = portcullis.client.BasicCredentials.of(alice.email(), alice.password(), app.key());
    var r = h.send(auth.apply(h.request("/v2/whoami")).GET());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(auth.toString()).doesNotContain(alice.password());
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
