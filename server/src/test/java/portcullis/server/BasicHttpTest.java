package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.basic;
import static portcullis.server.Harness.json;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Seed 000/001/002 Basic + client key, every documented answer, over a real socket. */
class BasicHttpTest {
  static Harness h;
  static Harness.TestAccount alice;
  static Harness.TestClient app;

  @BeforeAll
  static void start() {
    h = Harness.demo();
    alice = h.account("alice.smith+api@mail.example.co.uk", "open sesame");
    app = h.client(alice, false, "read", "write");
  }

  @AfterAll
  static void stop() {
    h.close();
  }

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
}
