package portcullis.server.ksig1;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.json;

import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import portcullis.client.KeyTokenClient;
import portcullis.client.Ksig1Signer;
import portcullis.server.Harness;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.RunningGateway;

/** KSig1 over a real socket: SDK round trips, every error code with its exact body, replay, debugging, Date, fuzz. */
class Ksig1HttpTest {
  static final String YAML = """
      routes:
        - {name: signed-whoami, path: /api/signed/whoami, methods: [GET, POST], upstream: sample, schemes: [ksig1]}
        - {name: echo, path: /ksig/**, methods: [GET, POST, PUT], upstream: sample, schemes: [ksig1]}
        - {name: debug, path: /ksig-debug/**, methods: [GET, POST], upstream: sample, schemes: [ksig1], options: {ksig1.debug: "true"}}
        - {name: token, path: /ksig-token/whoami, methods: [GET], upstream: sample, schemes: [ksig1], options: {ksig1.requireToken: "true"}}
      """;
  static Ksig1Signer signer;

  @RegisterExtension
  static final RunningGateway h = RunningGateway.of(YAML);
  static final Harness.TestAccount alice = h.accountForClass("alice+ksig@example.com", "open sesame 3");
  static final Harness.TestClient app = h.clientForClass(alice, false, "read", "write");

  @BeforeAll
  static void start() {
    signer = new Ksig1Signer(app.key(), app.secret(), Clock.systemUTC(), null);
  }

  static HttpResponse<String> send(HttpRequest r) {
    return h.send(HttpRequest.newBuilder(r, (n, v) -> true));
  }

  static HttpResponse<String> signed(Ksig1Signer s, String method, String pathAndQuery, Map<String, String> extra, String body) {
    return send(s.request(method, URI.create(h.base + pathAndQuery), extra, body.getBytes(StandardCharsets.UTF_8)));
  }

  static void assertError(HttpResponse<String> r, int status, String code, String message) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonObject e = json(r).getJsonArray("errors").getJsonObject(0);
    assertThat(json(r).fieldNames()).containsExactly("errors");
    assertThat(e.getString("code")).isEqualTo(code);
    if (message != null) {
      assertThat(e.getString("message")).isEqualTo(message);
    }
    assertThat(r.headers().firstValue("Date")).isPresent();
  }

  @Test
  void methodNotAllowed_inTheKsig1Format() {
    var r = h.send(h.request("/api/signed/whoami").DELETE());
    assertError(r, 405, "METHOD_NOT_ALLOWED", "This route accepts GET, HEAD, POST.");
    assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD, POST");
  }

  @Test
  void get_signed_identityAndDate() {
    var r = signed(signer, "GET", "/api/signed/whoami", Map.of(), "");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r).getString("account")).isEqualTo(alice.id());
    assertThat(json(r).getString("client")).isEqualTo(app.key());
    assertThat(json(r).getString("scheme")).isEqualTo("ksig1");
    assertThat(r.headers().firstValue("Date")).isPresent();
  }

  @Test
  void roundTrips_methodsBodiesPathsQueriesHeaders() {
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put("Content-Type", "application/json; charset=utf-8");
    extra.put("X-Request-Id", "  spaced   out  value ");
    String[][] cases = {
        {"POST", "/api/signed/whoami", "{\"amount\":100,\"currency\":\"EUR\"}"},
        {"PUT", "/ksig/item%20one/caf%C3%A9/a~b", "{\"name\":\"caf\u00e9 \u2615\"}"},
        {"GET", "/ksig/caf\u00e9/%7Euser", ""},
        {"GET", "/ksig/q?b=2&a=hello%20world&a=%41&c&z=a+b&z=a%2Bb&empty=", ""},
        {"POST", "/ksig/form?x=1", "a=1&b=two+words"},
        {"PUT", "/ksig/", ""},
    };
    for (String[] c : cases) {
      var r = signed(signer, c[0], c[1], extra, c[2]);
      assertThat(r.statusCode()).as(c[0] + " " + c[1] + ": " + r.body()).isEqualTo(200);
    }
    var echo = signed(signer, "PUT", "/ksig/echo", extra, "body \u00e9");
    assertThat(json(echo).getString("body")).isEqualTo("body \u00e9");
    assertThat(json(echo).getJsonObject("headers").containsKey("x-api-key")).isFalse();
    assertThat(json(echo).getJsonObject("headers").containsKey("authorization")).isFalse();
  }

  @Test
  void errors_everyCodeExactBody() {
    assertThat(h.get("/api/signed/whoami").body())
        .isEqualTo("{\"errors\":[{\"code\":\"AUTH_MISSING_HEADER\",\"message\":\"Required header 'Authorization' is missing from the request.\"}]}");
    var s = signer.sign("GET", URI.create(h.base + "/api/signed/whoami"), Map.of(), new byte[0]).headers();
    assertError(h.get("/api/signed/whoami", "Authorization", "Basic abc", "X-API-Key", app.key()), 401, "AUTH_INVALID_HEADER",
        "The 'Authorization' header is not in the correct format. It must start with 'KSig1-HMAC-SHA256'.");
    assertError(h.get("/api/signed/whoami", "Authorization", s.get("Authorization"), "X-API-Timestamp", s.get("X-API-Timestamp"),
        "X-API-Nonce", s.get("X-API-Nonce")), 401, "AUTH_MISSING_HEADER", "Required header 'X-API-Key' is missing from the request.");
    assertError(h.get("/api/signed/whoami", "Authorization", s.get("Authorization"), "X-API-Key", app.key(),
        "X-API-Nonce", s.get("X-API-Nonce")), 401, "AUTH_MISSING_HEADER", "Required header 'X-API-Timestamp' is missing from the request.");
    assertError(h.get("/api/signed/whoami", "Authorization", s.get("Authorization"), "X-API-Key", app.key(),
        "X-API-Timestamp", "yesterday", "X-API-Nonce", s.get("X-API-Nonce")), 401, "AUTH_INVALID_HEADER", null);
    assertError(h.get("/api/signed/whoami", "Authorization", s.get("Authorization"), "X-API-Key", app.key(),
        "X-API-Timestamp", s.get("X-API-Timestamp"), "X-API-Nonce", "short"), 401, "AUTH_INVALID_HEADER", null);
    var old = new Ksig1Signer(app.key(), app.secret(), Clock.offset(Clock.systemUTC(), java.time.Duration.ofSeconds(-400)), null);
    assertError(signed(old, "GET", "/api/signed/whoami", Map.of(), ""), 401, "AUTH_INVALID_HEADER", null);
    assertError(signed(new Ksig1Signer("nosuchkey", "x", Clock.systemUTC(), null), "GET", "/api/signed/whoami", Map.of(), ""),
        401, "AUTH_INVALID_API_KEY", "The provided API key is not valid or has been revoked.");
    assertError(signed(new Ksig1Signer(app.key(), app.secret(), Clock.systemUTC(), "bogus-token"), "GET", "/api/signed/whoami", Map.of(), ""),
        401, "AUTH_INVALID_AUTH_TOKEN", "The authentication token is invalid.");
    var wrong = signed(new Ksig1Signer(app.key(), "wrong-secret", Clock.systemUTC(), null), "GET", "/api/signed/whoami", Map.of(), "");
    assertError(wrong, 401, "AUTH_SIGNATURE_MISMATCH", "The provided signature does not match the calculated signature.");
    assertThat(json(wrong).getJsonArray("errors").getJsonObject(0).containsKey("canonical_request")).isFalse();
    var req = signer.request("GET", URI.create(h.base + "/api/signed/whoami"), Map.of("X-Custom", "a"), new byte[0]);
    var missing = HttpRequest.newBuilder(req, (n, v) -> !n.equalsIgnoreCase("X-Custom"));
    assertError(h.send(missing), 401, "AUTH_MISSING_HEADER", "Required header 'x-custom' is missing from the request.");
  }

  @Test
  void replay_sameRequestTwice_invalidHeader() {
    HttpRequest r = signer.request("POST", URI.create(h.base + "/api/signed/whoami"), Map.of(), "{}".getBytes(StandardCharsets.UTF_8));
    assertThat(send(r).statusCode()).isEqualTo(200);
    assertError(send(r), 401, "AUTH_INVALID_HEADER", "The 'X-API-Nonce' header has already been used. Send a new nonce with every request.");
  }

  /** The in-memory replay store's fill level is in /metrics: the nonce just used counted, the default capacity. */
  @Test
  void metrics_replayStoreFillLevel() {
    HttpRequest r = signer.request("GET", URI.create(h.base + "/api/signed/whoami"), Map.of(), new byte[0]);
    assertThat(send(r).statusCode()).isEqualTo(200);
    String m = h.get("/metrics").body();
    assertThat(m).containsPattern("portcullis_replay_store_entries\\{kind=\"first_use\"} [1-9]")
        .contains("portcullis_replay_store_capacity{kind=\"first_use\"} 1.806E7")
        .contains("portcullis_replay_store_entries{kind=\"count\"} 0.0")
        .contains("portcullis_replay_store_capacity{kind=\"count\"} 1128750.0");
  }

  @Test
  void badSignature_doesNotBurnNonce() {
    var good = signer.sign("GET", URI.create(h.base + "/api/signed/whoami"), Map.of(), new byte[0]).headers();
    String[] hs = {"Authorization", "KSig1-HMAC-SHA256 Signature=" + "0".repeat(64), "X-API-Key", app.key(),
        "X-API-Timestamp", good.get("X-API-Timestamp"), "X-API-Nonce", good.get("X-API-Nonce")};
    assertError(h.get("/api/signed/whoami", hs), 401, "AUTH_SIGNATURE_MISMATCH", null);
    hs[1] = good.get("Authorization");
    assertThat(h.get("/api/signed/whoami", hs).statusCode()).isEqualTo(200);
  }

  @Test
  void debugRoute_mismatchReturnsCanonicalRequest() {
    var r = signed(new Ksig1Signer(app.key(), "wrong", Clock.systemUTC(), null), "GET", "/ksig-debug/x?b=1&a=2", Map.of(), "");
    JsonObject e = json(r).getJsonArray("errors").getJsonObject(0);
    assertThat(e.getString("code")).isEqualTo("AUTH_SIGNATURE_MISMATCH");
    assertThat(e.getString("canonical_request")).startsWith("GET\n/ksig-debug/x\na=2&b=1\nhost:127.0.0.1:");
    assertThat(e.getString("string_to_sign")).startsWith("KSig1-HMAC-SHA256\n");
  }

  @Test
  void authToken_keyTokenOfSameClient_ok_otherClient_refused() throws Exception {
    String token = new KeyTokenClient(java.net.http.HttpClient.newHttpClient(), URI.create(h.base), app.key(), app.secret(),
        Clock.systemUTC(), java.time.Duration.ofMinutes(1)).token().value();
    assertError(signed(signer, "GET", "/ksig-token/whoami", Map.of(), ""), 401, "AUTH_MISSING_HEADER",
        "Required header 'X-API-Auth-Token' is missing from the request.");
    var r = signed(new Ksig1Signer(app.key(), app.secret(), Clock.systemUTC(), token), "GET", "/ksig-token/whoami", Map.of(), "");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    var other = h.client(alice, false);
    assertError(signed(new Ksig1Signer(other.key(), other.secret(), Clock.systemUTC(), token), "GET", "/ksig-token/whoami", Map.of(), ""),
        401, "AUTH_INVALID_AUTH_TOKEN", null);
    h.admin("DELETE", "/admin/clients/" + app.key() + "/keytokens", null);
    assertError(signed(new Ksig1Signer(app.key(), app.secret(), Clock.systemUTC(), token), "GET", "/ksig-token/whoami", Map.of(), ""),
        401, "AUTH_INVALID_AUTH_TOKEN", null);
  }

  @Test
  void malformedHeaders_never5xx() {
    Random rnd = new Random(11);
    String alphabet = "KSig1-HMAC-SHA256 Signature=0123456789abcdef;:,%xyz";
    String[] names = {"Authorization", "X-API-Key", "X-API-Timestamp", "X-API-Nonce", "X-API-Auth-Token", "X-API-Signed-Elements"};
    for (int i = 0; i < 300; i++) {
      HttpRequest.Builder b = h.request("/api/signed/whoami").GET();
      for (String n : names) {
        if (rnd.nextInt(4) > 0) {
          StringBuilder v = new StringBuilder(i % 2 == 0 && n.equals("Authorization") ? "KSig1-HMAC-SHA256 Signature=" : "x");
          for (int j = rnd.nextInt(70); j > 0; j--) {
            v.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
          }
          b.header(n, v.toString().strip());
        }
      }
      var r = h.send(b);
      assertThat(r.statusCode()).as(r.body()).isBetween(400, 499);
    }
  }

  @Test
  void otherSchemeAuthorization_withoutApiKey_invalidHeaderNotMissing() {
    for (String auth : new String[] {"Bearer abc", "Basic YTpi", "garbage"}) {
      assertError(h.get("/api/signed/whoami", "Authorization", auth), 401, "AUTH_INVALID_HEADER",
          "The 'Authorization' header is not in the correct format. It must start with 'KSig1-HMAC-SHA256'.");
    }
  }

  /** Writes bytes on a plain socket (as curl sends non-ASCII: raw UTF-8) and returns the whole response. */
  static String raw(String requestHead) throws Exception {
    URI base = URI.create(h.base);
    try (Socket s = new Socket(base.getHost(), base.getPort())) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(requestHead.getBytes(StandardCharsets.UTF_8));
      out.flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Signs the query percent-encoded but sends it and {@code extra} as raw UTF-8; returns {response, signer's canonical request}. */
  static String[] rawSigned(Ksig1Signer by, String path, String signedQuery, String sentQuery, Map<String, String> extra) throws Exception {
    String host = Ksig1Signer.host(URI.create(h.base));
    var s = by.sign("GET", path, signedQuery, host, extra, new byte[0], System.currentTimeMillis() / 1000, "raw-" + System.nanoTime());
    StringBuilder req = new StringBuilder("GET " + path + "?" + sentQuery + " HTTP/1.1\r\nHost: " + host + "\r\n");
    extra.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
    s.headers().forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
    return new String[] {raw(req.append("Connection: close\r\n\r\n").toString()), s.canonicalRequest()};
  }

  @Test
  void rawUtf8QueryAndHeader_signedAsTheBytesSent() throws Exception {
    Map<String, String> extra = Map.of("X-Note", "caf\u00e9 \u2615");
    String ok = rawSigned(signer, "/ksig/raw", "q=caf%C3%A9&x=%E2%9C%93", "q=caf\u00e9&x=\u2713", extra)[0];
    assertThat(ok).as(ok).startsWith("HTTP/1.1 200");
    String[] debug = rawSigned(new Ksig1Signer(app.key(), "wrong", Clock.systemUTC(), null), "/ksig-debug/raw", "q=caf%C3%A9", "q=caf\u00e9", extra);
    JsonObject e = new JsonObject(debug[0].substring(debug[0].indexOf("\r\n\r\n") + 4)).getJsonArray("errors").getJsonObject(0);
    assertThat(e.getString("canonical_request")).isEqualTo(debug[1]);
  }

  @Test
  void requestRefusedByTheHttpParser_stillCarriesDate() throws Exception {
    String r = raw("GET /api/signed/whoami HTTP/1.1\r\nHost: x\r\nX-API-Key: a\u0001b\r\nConnection: close\r\n\r\n");
    assertThat(r).startsWith("HTTP/1.1 400");
    assertThat(r.toLowerCase(java.util.Locale.ROOT)).contains("\r\ndate: ");
  }
}
