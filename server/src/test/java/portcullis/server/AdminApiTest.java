package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.json;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.RunningGateway;

/** The admin REST API: token check, validation answers, accounts and clients. */
class AdminApiTest {

  @RegisterExtension
  static final RunningGateway h = RunningGateway.demo();

  @Test
  void token_missingOrWrong_401() {
    assertThat(h.get("/admin/accounts/x").statusCode()).isEqualTo(401);
    var r = h.get("/admin/accounts/x", "Authorization", "Bearer wrong-token-123456");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(r.body()).doesNotContain(Harness.ADMIN_TOKEN);
  }

  @Test
  void createAccount_answers() {
    String email = "first.last+" + System.nanoTime() + "@sub.example.co.uk";
    var r = h.admin("POST", "/admin/accounts", new JsonObject().put("email", email).put("password", "12345678"));
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(json(r).fieldNames()).containsExactlyInAnyOrder("id", "email", "status");
    assertThat(json(r).getString("status")).isEqualTo("active");
    assertThat(r.body()).doesNotContain("12345678");
    String id = json(r).getString("id");
    assertThat(json(h.admin("GET", "/admin/accounts/" + id, null)).getString("email")).isEqualTo(email);
    var dup = h.admin("POST", "/admin/accounts", new JsonObject().put("email", email.toUpperCase()).put("password", "12345678"));
    assertThat(dup.statusCode()).isEqualTo(409);
  }

  @Test
  void createAccount_invalid_400() {
    assertThat(h.admin("POST", "/admin/accounts", new JsonObject().put("email", "not-an-email").put("password", "12345678")).statusCode()).isEqualTo(400);
    var shortPw = h.admin("POST", "/admin/accounts", new JsonObject().put("email", "ok@example.com").put("password", "1234567"));
    assertThat(shortPw.statusCode()).isEqualTo(400);
    assertThat(json(shortPw).getString("additional")).contains("at least 8");
    assertThat(h.admin("POST", "/admin/accounts", new JsonObject().put("email", 5).put("password", "12345678")).statusCode()).isEqualTo(400);
    assertThat(h.admin("POST", "/admin/accounts", new JsonObject().put("email", "tab@example.com").put("password", "with\ttab-123")).statusCode())
        .isEqualTo(400);
    var notJson = h.send(h.request("/admin/accounts").header("Authorization", "Bearer " + Harness.ADMIN_TOKEN)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{nope")));
    assertThat(notJson.statusCode()).isEqualTo(400);
    var big = h.send(h.request("/admin/accounts").header("Authorization", "Bearer " + Harness.ADMIN_TOKEN)
        .POST(HttpRequest.BodyPublishers.ofString("x".repeat(100_000))));
    assertThat(big.statusCode()).isEqualTo(413);
  }

  @Test
  void patchAccount_statusValidation() {
    var a = h.account();
    assertThat(h.admin("PATCH", "/admin/accounts/" + a.id(), new JsonObject().put("status", "frozen")).statusCode()).isEqualTo(400);
    assertThat(h.admin("PATCH", "/admin/accounts/" + a.id(), new JsonObject()).statusCode()).isEqualTo(400);
    var r = h.admin("PATCH", "/admin/accounts/" + a.id(), new JsonObject().put("status", "disabled"));
    assertThat(json(r).getString("status")).isEqualTo("disabled");
    assertThat(h.admin("PATCH", "/admin/accounts/nope", new JsonObject().put("status", "locked")).statusCode()).isEqualTo(404);
    assertThat(h.admin("GET", "/admin/accounts/nope", null).statusCode()).isEqualTo(404);
  }

  @Test
  void clients_createShowRotateRevoke() {
    var a = h.account();
    var r = h.admin("POST", "/admin/accounts/" + a.id() + "/clients",
        new JsonObject().put("name", "CLI tool").put("scopes", new JsonArray().add("read").add("products:write")).put("public", false));
    assertThat(r.statusCode()).isEqualTo(201);
    JsonObject c = json(r);
    assertThat(c.getString("client_key")).hasSizeGreaterThanOrEqualTo(20);
    assertThat(c.getString("client_secret")).hasSizeGreaterThanOrEqualTo(32);
    assertThat(c.getJsonArray("scopes").getList()).containsExactly("products:write", "read");
    assertThat(c.getBoolean("public")).isFalse();
    String key = c.getString("client_key");

    var shown = h.admin("GET", "/admin/clients/" + key, null);
    assertThat(shown.statusCode()).isEqualTo(200);
    assertThat(shown.body()).doesNotContain(c.getString("client_secret")).doesNotContain("secret");

    var rot = h.admin("POST", "/admin/clients/" + key + "/rotate-secret", new JsonObject().put("overlap_seconds", 60));
    assertThat(rot.statusCode()).isEqualTo(200);
    String newSecret = json(rot).getString("client_secret");
    assertThat(newSecret).isNotEqualTo(c.getString("client_secret"));
    var stored = h.server.store().client(key).orElseThrow();
    assertThat(stored.secretsAt(Instant.now())).containsExactly(newSecret, c.getString("client_secret"));

    assertThat(json(h.admin("GET", "/admin/accounts/" + a.id() + "/clients", null)).getJsonArray("clients")).hasSize(1);
    assertThat(h.admin("DELETE", "/admin/clients/" + key, null).statusCode()).isEqualTo(204);
    assertThat(json(h.admin("GET", "/admin/clients/" + key, null)).getString("status")).isEqualTo("revoked");
    assertThat(h.admin("POST", "/admin/clients/" + key + "/rotate-secret", null).statusCode()).isEqualTo(404);
    assertThat(h.admin("DELETE", "/admin/clients/nope", null).statusCode()).isEqualTo(404);
  }

  @Test
  void createClient_invalid_400_or_404() {
    var a = h.account();
    String path = "/admin/accounts/" + a.id() + "/clients";
    assertThat(h.admin("POST", path, new JsonObject().put("name", "App").put("scopes", "read")).statusCode()).isEqualTo(400);
    assertThat(h.admin("POST", path, new JsonObject().put("name", "App").put("scopes", new JsonArray().add("bad scope"))).statusCode()).isEqualTo(400);
    assertThat(h.admin("POST", path, new JsonObject().put("name", "App").put("public", "yes")).statusCode()).isEqualTo(400);
    assertThat(h.admin("POST", "/admin/accounts/nope/clients", new JsonObject().put("name", "App")).statusCode()).isEqualTo(404);
    JsonArray many = new JsonArray();
    for (int i = 0; i < 70; i++) {
      many.add("scope-number-" + i + "-" + "x".repeat(40));
    }
    var tooMany = h.admin("POST", path, new JsonObject().put("name", "App").put("scopes", many));
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(json(tooMany).getString("additional")).contains("at most 50");
    assertThat(h.admin("POST", path, new JsonObject().put("name", "x".repeat(201))).statusCode()).isEqualTo(400);
    assertThat(h.admin("GET", "/admin/unknown", null).statusCode()).isEqualTo(404);
  }

  @Test
  void createClient_nameMissingBlankOrUnprintable_400NamingTheField() {
    String path = "/admin/accounts/" + h.account().id() + "/clients";
    for (JsonObject body : new JsonObject[] {new JsonObject(), new JsonObject().put("name", ""), new JsonObject().put("name", " \t "),
        new JsonObject().putNull("name"), new JsonObject().put("name", 5), new JsonObject().put("name", "x".repeat(201)),
        new JsonObject().put("name", "bell\u0007"), new JsonObject().put("name", "del\u007f"), new JsonObject().put("name", "c1\u0085"),
        new JsonObject().put("name", "line\u2028break"), new JsonObject().put("name", "\u202Eloot.exe")}) {
      var r = h.admin("POST", path, body);
      assertThat(r.statusCode()).as(body.encode()).isEqualTo(400);
      assertThat(json(r).getString("additional")).as(body.encode()).contains("\"name\"");
    }
    var lone = h.send(h.request(path).header("Authorization", "Bearer " + Harness.ADMIN_TOKEN)
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"lone \\ud800 surrogate\"}")));
    assertThat(lone.statusCode()).as(lone.body()).isEqualTo(400);
    assertThat(json(lone).getString("additional")).contains("\"name\"").contains("U+D800");
    assertThat(json(h.admin("GET", path, null)).getJsonArray("clients")).isEmpty();
  }

  @Test
  void createClient_nameTrimmed_upTo200Characters() {
    String path = "/admin/accounts/" + h.account().id() + "/clients";
    var r = h.admin("POST", path, new JsonObject().put("name", "  My tool \u00e9\u2713  "));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(json(r).getString("name")).isEqualTo("My tool \u00e9\u2713");
    var longest = h.admin("POST", path, new JsonObject().put("name", "n".repeat(200)));
    assertThat(longest.statusCode()).as(longest.body()).isEqualTo(201);
  }

  @Test
  void createClient_scopeElementNotAString_400NamingScopes() {
    String path = "/admin/accounts/" + h.account().id() + "/clients";
    for (Object bad : new Object[] {5, new JsonObject(), new JsonArray().add("read"), "", "x".repeat(65), "tab\tscope"}) {
      var r = h.admin("POST", path, new JsonObject().put("name", "App").put("scopes", new JsonArray().add("read").add(bad)));
      assertThat(r.statusCode()).as(String.valueOf(bad)).isEqualTo(400);
      assertThat(json(r).getString("additional")).contains("\"scopes\"");
    }
  }

  static void assert405(java.net.http.HttpResponse<String> r, String allow) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue(allow);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    JsonObject b = json(r);
    assertThat(b.fieldNames()).containsExactlyInAnyOrder("status", "message", "additional", "reference");
    assertThat(b.getInteger("status")).isEqualTo(405);
    assertThat(b.getString("message")).isEqualTo("Method Not Allowed");
    assertThat(b.getString("additional")).contains(r.request().method()).contains(allow);
  }

  @Test
  void unsupportedMethod_onExistingAdminPath_405WithAllow() {
    var a = h.account();
    var c = h.client(a, false, "read");
    assert405(h.admin("PUT", "/admin/accounts/" + a.id(), new JsonObject().put("status", "locked")), "GET, PATCH");
    assert405(h.admin("DELETE", "/admin/accounts/" + a.id(), null), "GET, PATCH");
    assertThat(h.admin("GET", "/admin/accounts/" + a.id() + "/", null).statusCode()).as("the router takes a trailing slash").isEqualTo(200);
    assert405(h.admin("PUT", "/admin/accounts/" + a.id() + "/", null), "GET, PATCH");
    assert405(h.admin("GET", "/admin/accounts", null), "POST");
    assert405(h.admin("PUT", "/admin/accounts/" + a.id() + "/clients", new JsonObject()), "GET, POST");
    assert405(h.admin("PUT", "/admin/clients/" + c.key(), new JsonObject()), "GET, PATCH, DELETE");
    assert405(h.admin("GET", "/admin/clients/" + c.key() + "/rotate-secret", null), "POST");
    assert405(h.admin("POST", "/admin/accounts/" + a.id() + "/authorizations", new JsonObject()), "GET");
    assert405(h.admin("POST", "/admin/bearer/keys", new JsonObject()), "GET");
    assertThat(json(h.admin("GET", "/admin/accounts/" + a.id(), null)).getString("status")).isEqualTo("active");
    assertThat(h.admin("GET", "/admin/clients/" + c.key(), null).statusCode()).isEqualTo(200);
    // an unknown path stays 404; without the token, 401 before anything else
    assertThat(h.admin("PUT", "/admin/nothing/here", null).statusCode()).isEqualTo(404);
    assertThat(h.send(h.request("/admin/accounts/" + a.id()).PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))).statusCode())
        .isEqualTo(401);
  }
}
