package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.basic;
import static portcullis.server.Harness.json;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import portcullis.client.KeyTokenClient;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.RunningGateway;

/**
 * Two copies of a credential (two Authorization headers, client keys that disagree) are refused in
 * the route's dialect, never answered with the first copy: a proxy in front may have checked the
 * other one. Valid credentials come first, so a gateway reading the first copy would answer 200.
 */
class AmbiguousCredentialsHttpTest {
  static final String TWO_AUTHORIZATIONS = "The request carries more than one Authorization header; send exactly one.";
  static final String TWO_KEYS = "The request carries more than one client key (X-Client-Key, X-App-Key, client_key,"
      + " app_key) with different values; send exactly one.";

  @RegisterExtension
  static final RunningGateway h = RunningGateway.demo();
  static final Harness.TestAccount a = h.accountForClass();
  static final Harness.TestClient c = h.clientForClass(a, false, "read");
  static final Harness.TestClient other = h.clientForClass(a, false, "read");

  static void assertSeed000(HttpResponse<String> r, String message) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    JsonObject b = json(r);
    assertThat(b.getInteger("status")).isEqualTo(400);
    assertThat(b.getString("message")).isEqualTo(message);
    assertThat(b.getString("reference")).isEqualTo(r.headers().firstValue("X-Request-Id").orElseThrow());
  }

  @Test
  void basic_twoAuthorizationHeaders_400SendOne() {
    var r = h.get("/v2/whoami", "Authorization", basic(a.email(), a.password()), "Authorization", basic("mallory@example.com", "x"),
        "X-Client-Key", c.key());
    assertSeed000(r, TWO_AUTHORIZATIONS);
    var same = h.get("/v2/whoami", "Authorization", basic(a.email(), a.password()), "Authorization", basic(a.email(), a.password()),
        "X-Client-Key", c.key());
    assertSeed000(same, TWO_AUTHORIZATIONS);
  }

  @Test
  void basic_clientKeysDisagree_400SendOne_sameKeyTwice_ok() {
    String auth = basic(a.email(), a.password());
    assertSeed000(h.get("/v2/whoami", "Authorization", auth, "X-Client-Key", c.key(), "X-App-Key", other.key()), TWO_KEYS);
    assertSeed000(h.get("/v2/whoami", "Authorization", auth, "X-Client-Key", c.key(), "X-Client-Key", other.key()), TWO_KEYS);
    assertSeed000(h.get("/v2/whoami?client_key=" + other.key(), "Authorization", auth, "X-Client-Key", c.key()), TWO_KEYS);
    assertSeed000(h.get("/v2/whoami?client_key=" + c.key() + "&app_key=" + other.key(), "Authorization", auth), TWO_KEYS);
    var same = h.get("/v2/whoami?client_key=" + c.key(), "Authorization", auth, "X-Client-Key", c.key(), "X-App-Key", " " + c.key());
    assertThat(same.statusCode()).as(same.body()).isEqualTo(200);
  }

  @Test
  void keytoken_twoAuthorizationHeaders_400SeedShape() {
    long ts = System.currentTimeMillis();
    var t = h.send(h.request("/v0/tokens").header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
        new JsonObject().put("publicKey", c.key()).put("secretKey", KeyTokenClient.hashedSecret(c.secret(), ts)).put("timestamp", ts)
            .encode())));
    assertThat(t.statusCode()).as(t.body()).isEqualTo(200);
    String keyToken = c.key() + ":" + json(t).getString("token");
    assertThat(h.get("/v0/whoami", "Authorization", keyToken).statusCode()).isEqualTo(200);
    var r = h.get("/v0/whoami", "Authorization", keyToken, "Authorization", other.key());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("{\"status\":false,\"errors\":[{\"code\":400,\"type\":\"BadRequest\",\"message\":\""
        + TWO_AUTHORIZATIONS + "\"}]}");
  }

  @Test
  void ksig1_twoAuthorizationHeaders_invalidHeader() {
    var r = h.get("/api/signed/whoami", "Authorization", "KSig1-HMAC-SHA256 Signature=" + "a".repeat(64),
        "Authorization", "KSig1-HMAC-SHA256 Signature=" + "b".repeat(64), "X-API-Key", c.key());
    assertThat(r.statusCode()).as("seed 004: every KSig1 error is a 401").isEqualTo(401);
    assertThat(r.body()).isEqualTo("{\"errors\":[{\"code\":\"AUTH_INVALID_HEADER\",\"message\":\"" + TWO_AUTHORIZATIONS + "\"}]}");
  }

  @Test
  void bearerRoute_strayClientKeysThatDiffer_ignored_noSchemeThereReadsThem() {
    String token = json(h.send(h.request("/api/token").header("Content-Type", "application/x-www-form-urlencoded")
        .header("Authorization", basic(c.key(), c.secret())).POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))))
        .getString("access_token");
    var r = h.get("/api/whoami?client_key=" + other.key(), "Authorization", "Bearer " + token, "X-Client-Key", c.key());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @Test
  void bearer_twoAuthorizationHeaders_invalidRequest() {
    var r = h.get("/api/whoami", "Authorization", basic(c.key(), c.secret()), "Authorization", "Bearer abc");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(json(r).getString("error")).isEqualTo("invalid_request");
    assertThat(json(r).getString("error_description")).isEqualTo(TWO_AUTHORIZATIONS);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer ").contains("error=\"invalid_request\"");
  }

  @Test
  void forwardAuth_twoAuthorizationHeadersOrKeys_400() {
    String auth = basic(a.email(), a.password());
    assertThat(h.get("/_portcullis/auth/v2/whoami", "Authorization", auth, "X-Client-Key", c.key()).statusCode()).isEqualTo(200);
    assertSeed000(h.get("/_portcullis/auth/v2/whoami", "Authorization", auth, "Authorization", "Basic Og==",
        "X-Client-Key", c.key()), TWO_AUTHORIZATIONS);
    assertSeed000(h.get("/_portcullis/auth", "X-Forwarded-Method", "GET", "X-Forwarded-Uri", "/v2/whoami", "Authorization", auth,
        "X-Client-Key", c.key(), "X-App-Key", other.key()), TWO_KEYS);
  }
}
