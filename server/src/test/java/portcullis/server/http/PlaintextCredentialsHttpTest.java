package portcullis.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.basic;
import static portcullis.server.Harness.json;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import portcullis.server.Harness;
import portcullis.server.testing.TestPki;

/**
 * Over plain HTTP from a non-loopback address (a gateway bound to this machine's own non-loopback
 * address, so the peer is that address too), Basic, Digest, OAuth 1.0a PLAINTEXT and the token
 * endpoint refuse to run, 400 in their dialect, unless a trusted proxy says it used TLS or
 * {@code listen.allowPlaintextCredentials} is on.
 */
class PlaintextCredentialsHttpTest {
  static String address;
  static Harness plain;
  static Harness proxied;
  static Harness allowed;

  @BeforeAll
  static void start() {
    List<String> addresses = TestPki.localAddresses();
    Assumptions.assumeFalse(addresses.isEmpty(), "this machine has no non-loopback IPv4 address");
    address = addresses.get(0);
    String demo = Harness.demoYaml();
    plain = Harness.startOn(address, demo);
    proxied = Harness.startOn(address, demo.replace("trustedProxies: [127.0.0.1/32, \"::1\"]", "trustedProxies: [" + address + "/32]"));
    allowed = Harness.startOn(address, demo.replace("  port: 8080\n", "  port: 8080\n  allowPlaintextCredentials: true\n"));
  }

  @AfterAll
  static void stop() {
    Harness.closeAll(plain, proxied, allowed);
  }

  static HttpResponse<String> get(Harness h, String path, String... headers) {
    return h.send(HttpRequest.newBuilder(URI.create(h.base + path)).headers(headers));
  }

  static void assertRefused(HttpResponse<String> r, String detailStart) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    JsonObject b = json(r);
    assertThat(b.getString("message")).isEqualTo("HTTPS Required");
    assertThat(b.getString("additional")).startsWith(detailStart).endsWith("must not cross the network in clear: send this request over HTTPS.");
  }

  @Test
  void basic_refusedOverPlainHttp_evenWithTheRightPassword() {
    var alice = plain.account();
    var app = plain.client(alice, false, "read");
    assertThat(plain.base).doesNotContain("127.0.0.1");
    assertRefused(get(plain, "/v2/whoami", "Authorization", basic(alice.email(), alice.password()), "X-Client-Key", app.key()),
        "Basic credentials");
    // an untrusted peer's X-Forwarded-Proto proves nothing
    assertRefused(get(plain, "/v2/whoami", "Authorization", basic(alice.email(), alice.password()), "X-Client-Key", app.key(),
        "X-Forwarded-Proto", "https"), "Basic credentials");
  }

  @Test
  void digest_refused() {
    assertRefused(get(plain, "/v2/whoami", "Authorization", "Digest username=\"a@example.com\", realm=\"Portcullis Demo\", nonce=\"abc\","
        + " uri=\"/v2/whoami\", response=\"0123456789abcdef0123456789abcdef\", qop=auth, nc=00000001, cnonce=\"xyz\"",
        "X-Client-Key", "k"), "A Digest response");
  }

  @Test
  void oauth1Plaintext_refused_hmacNot() {
    var app = plain.client(plain.account(), false, "read");
    var r = plain.send(HttpRequest.newBuilder(URI.create(plain.base + "/v2/oauth/request_token"))
        .header("Authorization", "OAuth oauth_consumer_key=\"" + app.key() + "\", oauth_signature_method=\"PLAINTEXT\", oauth_signature=\""
            + app.secret() + "%26\", oauth_callback=\"oob\"")
        .POST(HttpRequest.BodyPublishers.noBody()));
    assertRefused(r, "An OAuth 1.0a PLAINTEXT signature");
  }

  @Test
  void tokenEndpoint_refused() {
    var app = plain.client(plain.account(), false, "read");
    var r = plain.send(HttpRequest.newBuilder(URI.create(plain.base + "/api/token")).header("Authorization", basic(app.key(), app.secret()))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(json(r).getString("error")).isEqualTo("invalid_request");
    assertThat(json(r).getString("error_description")).contains("only over HTTPS");
  }

  @Test
  void trustedProxyThatUsedTls_accepted() {
    var alice = proxied.account();
    var app = proxied.client(alice, false, "read");
    var ok = get(proxied, "/v2/whoami", "Authorization", basic(alice.email(), alice.password()), "X-Client-Key", app.key(),
        "X-Forwarded-Proto", "https", "X-Forwarded-For", "203.0.113.7");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertRefused(get(proxied, "/v2/whoami", "Authorization", basic(alice.email(), alice.password()), "X-Client-Key", app.key(),
        "X-Forwarded-Proto", "http", "X-Forwarded-For", "203.0.113.7"), "Basic credentials");
  }

  @Test
  void allowPlaintextCredentials_accepted() {
    var alice = allowed.account();
    var app = allowed.client(alice, false, "read");
    var ok = get(allowed, "/v2/whoami", "Authorization", basic(alice.email(), alice.password()), "X-Client-Key", app.key());
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
  }

  @Test
  void trustedProxyOnLoopback_thatReceivedPlainHttp_refusedUnlessItNamesALoopbackClient() {
    try (Harness local = Harness.demo()) { // the demo trusts 127.0.0.1: a proxy on this machine
      var alice = local.account();
      var app = local.client(alice, false, "read");
      String auth = basic(alice.email(), alice.password());
      assertThat(local.get("/v2/whoami", "Authorization", auth, "X-Client-Key", app.key()).statusCode()).as("loopback client").isEqualTo(200);
      assertRefused(local.get("/v2/whoami", "Authorization", auth, "X-Client-Key", app.key(), "X-Forwarded-Proto", "http"),
          "Basic credentials");
      assertRefused(local.get("/v2/whoami", "Authorization", auth, "X-Client-Key", app.key(), "X-Forwarded-Proto", "http",
          "X-Forwarded-For", "203.0.113.9"), "Basic credentials");
      assertThat(local.get("/v2/whoami", "Authorization", auth, "X-Client-Key", app.key(), "X-Forwarded-Proto", "http",
          "X-Forwarded-For", "127.0.0.1").statusCode()).isEqualTo(200);
      assertThat(local.get("/v2/whoami", "Authorization", auth, "X-Client-Key", app.key(), "X-Forwarded-Proto", "https",
          "X-Forwarded-For", "203.0.113.9").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void loopbackDecision() {
    assertThat(ClientTransport.loopback("127.0.0.1")).isTrue();
    assertThat(ClientTransport.loopback("127.8.9.10")).isTrue();
    assertThat(ClientTransport.loopback("::1")).isTrue();
    assertThat(ClientTransport.loopback("0:0:0:0:0:0:0:1")).isTrue();
    assertThat(ClientTransport.loopback("::ffff:127.0.0.1")).isTrue();
    assertThat(ClientTransport.loopback("192.0.2.2")).isFalse();
    assertThat(ClientTransport.loopback("128.0.0.1")).isFalse();
    assertThat(ClientTransport.loopback("")).isFalse();
  }
}
