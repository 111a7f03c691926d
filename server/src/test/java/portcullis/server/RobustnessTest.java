package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.RunningGateway;

/**
 * "No input you can think of produces a 5xx": every demo route and gateway endpoint, every method,
 * with garbage credentials of every scheme's shape, bad escapes, bad bodies, raw bytes on the socket.
 */
class RobustnessTest {
  static final Set<String> PATHS = new LinkedHashSet<>();

  @RegisterExtension
  static final RunningGateway h = RunningGateway.demo().afterStop(log -> {
    assertThat(log.text()).doesNotContain("failed unexpectedly").doesNotContain("Exception");
  });

  @BeforeAll
  static void start() throws Exception {
    try (InputStream in = RobustnessTest.class.getResourceAsStream("/demo.yaml")) {
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
      for (JsonNode r : root.get("routes")) {
        PATHS.add(r.get("path").asText().replace("/**", "/x").replace("*", "x"));
      }
    }
    PATHS.addAll(List.of("/api/token", "/api/token/revoke", "/api/token/introspect", "/.well-known/jwks.json",
        "/v2/oauth/request_token", "/v2/oauth/authorize", "/v2/oauth/access_token", "/v0/tokens",
        "/v0/users/authenticate", "/developers/authorized-apps", "/_portcullis/auth", "/_portcullis/auth/v2/whoami",
        "/admin/accounts", "/healthz", "/readyz", "/nope"));
  }

  static final String[] AUTHS = {
    "Basic", "Basic !!!", "Basic Og==", "Basic " + "A".repeat(5000), "Digest", "Digest username=", "Digest realm=\"x\", nonce=\"\\\"",
    "Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"/\", response=\"zz\", qop=auth, nc=zz, cnonce=\"c\"",
    "OAuth", "OAuth oauth_consumer_key=\"%zz\", oauth_signature=\"\"", "OAuth realm=\"x\",,,=\"\"",
    "Bearer", "Bearer a.b.c", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "Bearer " + "x".repeat(3000),
    "KSig1-HMAC-SHA256", "KSig1-HMAC-SHA256 Signature=zz", "KSig1-HMAC-SHA256 Signature=" + "a".repeat(64),
    "f84af487-a315-42e6-a57a-d79296bd9d99", "key:token", ":", "::::", "k:" + "t".repeat(200), "é:ü", "Negotiate abc", ""};
  static final String[] QUERIES = {"", "?client_key=%25zz", "?app_key=%25", "?oauth_token=%E2%28", "?a=1&a=2&&=&x", "?access_token=bad"};
  static final String[] BODIES = {"", "{", "{\"publicKey\":5}", "[]", "null", "grant_type=client_credentials&scope=%zz",
      "{\"email\":\"a@b.co\",\"password\":null}", "\u0000\u0001binary", "oauth_signature=%&="};

  @Test
  void garbage_neverServerError() {
    Random r = new Random(1);
    List<String> failures = new ArrayList<>();
    String[] methods = {"GET", "POST", "PUT", "DELETE", "PATCH"};
    for (String path : PATHS) {
      for (int i = 0; i < 25; i++) {
        String auth = AUTHS[r.nextInt(AUTHS.length)];
        String method = methods[r.nextInt(methods.length)];
        String body = BODIES[r.nextInt(BODIES.length)];
        HttpRequest.Builder b = h.request(path + QUERIES[r.nextInt(QUERIES.length)])
            .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (!auth.isEmpty()) {
          b.header("Authorization", auth);
        }
        if (r.nextBoolean()) {
          b.header("Content-Type", r.nextBoolean() ? "application/json" : "application/x-www-form-urlencoded");
        }
        if (r.nextBoolean()) {
          b.header("X-Client-Key", r.nextBoolean() ? "nope" : "%25zz");
          b.header("X-API-Key", "k").header("X-API-Timestamp", r.nextBoolean() ? "abc" : "99999999999999999999")
              .header("X-API-Nonce", "n").header("X-API-Signed-Elements", ";;x-nope;;");
        }
        var resp = h.send(b);
        if (resp.statusCode() >= 500 && !(path.equals("/readyz"))) {
          failures.add(method + " " + path + " [" + auth + "] -> " + resp.statusCode() + " " + resp.body());
        }
        assertThat(resp.body()).doesNotContain("at portcullis.").doesNotContain("at io.vertx.");
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void rawBytesOnTheSocket_neverServerError() throws Exception {
    String[] raw = {
      "GET /v2/whoami HTTP/1.1\r\nHost: x\r\nAuthorization: Basic \u0001\u0002\r\n\r\n",
      "GET /v2/whoami HTTP/1.1\r\nHost: x\r\nX-Client-Key: \u00ff\u00fe\r\nAuthorization: Basic YTpi\r\n\r\n",
      "POST /api/signed/whoami HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
      "POST /api/signed/whoami HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
      "GET /v2/%zz/whoami HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /v2/products?client_key=%zz&app_key=% HTTP/1.1\r\nHost: x\r\nAuthorization: Basic YTpi\r\n\r\n",
      "POST /api/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 9\r\n\r\na=%zz&b=%",
      "GET /v0/products HTTP/1.1\r\nHost: x\r\nAuthorization: \u00e9\u00e8:\u00ff\r\n\r\n",
      "GET /%00 HTTP/1.1\r\nHost: x\r\n\r\n",
      "GARBAGE\r\n\r\n",
      "GET /admin/accounts/%zz HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /v2/who%6 HTTP/1.1\r\nHost: x\r\n\r\n",
    };
    for (String req : raw) {
      try (Socket s = new Socket("127.0.0.1", h.server.port())) {
        s.setSoTimeout(5000);
        OutputStream out = s.getOutputStream();
        out.write(req.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        byte[] buf = new byte[64];
        int n = s.getInputStream().read(buf);
        if (n > 0) {
          String status = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
          assertThat(status).as(req).matches("(?s)HTTP/1\\.[01] [1-4].*");
        }
      }
    }
  }

  static String rawExchange(String request) {
    return h.raw(request);
  }

  /** The {@code additional} text of a raw response, its body read as the UTF-8 it is; no control characters. */
  static String additional(String rawResponse, int status) {
    assertThat(rawResponse).startsWith("HTTP/1.1 " + status + " ");
    String body = new String(rawResponse.substring(rawResponse.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.ISO_8859_1),
        StandardCharsets.UTF_8);
    assertThat(body.chars()).as(body).noneMatch(c -> c < 0x20 || (c >= 0x7f && c < 0xa0));
    return new io.vertx.core.json.JsonObject(body).getString("additional");
  }

  static String get(String target, String... headers) throws Exception {
    return rawExchange("GET " + target + " HTTP/1.1\r\nHost: x\r\n" + String.join("", headers) + "Connection: close\r\n\r\n");
  }

  @Test
  void pathRefusals_sayWhatIsWrong() throws Exception {
    String slash = "The path must not contain encoded slashes (%2F).";
    String backslash = "The path must not contain backslashes ('\\' or %5C).";
    String dots = "The path must not contain '.' or '..' segments.";
    assertThat(additional(get("/v2%2Fwhoami"), 400)).isEqualTo(slash);
    assertThat(additional(get("/v2/who%2fami"), 400)).isEqualTo(slash);
    assertThat(additional(get("/v2/who%5cami"), 400)).isEqualTo(backslash);
    assertThat(additional(get("/v2\\whoami"), 400)).isEqualTo(backslash);
    assertThat(additional(get("/v2/%2e/whoami"), 400)).isEqualTo(dots);
    assertThat(additional(get("/v2/x/../whoami"), 400)).isEqualTo(dots);
    assertThat(additional(get("/_portcullis/auth", "X-Forwarded-Method: GET\r\nX-Forwarded-Uri: /v2%2Fwhoami\r\n"), 400)).isEqualTo(slash);
    assertThat(additional(get("/_portcullis/auth/v2%5Cwhoami"), 400)).isEqualTo(backslash);
    assertThat(additional(get("/_portcullis/auth", "X-Forwarded-Method: GET\r\nX-Forwarded-Uri: /v2/./whoami\r\n"), 400)).isEqualTo(dots);
    assertThat(additional(get("/_portcullis/auth", "X-Forwarded-Method: GET\r\nX-Forwarded-Uri: /v2/%zz\r\n"), 400))
        .isEqualTo("The path has a malformed percent-encoding (a % must be followed by two hex digits).");
  }

  @Test
  void notFound_rawUtf8PathReadAsUtf8_controlAndFormatCharactersShownAsQuestionMarks() throws Exception {
    // The request line's bytes arrive one char per byte (ISO-8859-1): "/café" in UTF-8 is "/cafÃ©" until decoded.
    assertThat(additional(get("/caf\u00c3\u00a9"), 404)).isEqualTo("No route matches GET /café.");
    assertThat(additional(get("/a\u00c2\u0085d\u00e2\u0080\u00aee\u00ffz"), 404))
        .isEqualTo("No route matches GET /a?d?e\ufffdz.");
    // control bytes and DEL are refused before any route is looked at (security issue, item 4)
    assertThat(additional(get("/a\u0001b\u007fc"), 400)).startsWith("The request target must not contain control characters");
    assertThat(additional(get("/_portcullis/auth", "X-Forwarded-Method: GET\r\nX-Forwarded-Uri: /caf\u00c3\u00a9\r\n"), 404))
        .isEqualTo("No route matches GET /café.");
    assertThat(additional(get("/_portcullis/auth\u00c3\u00a9"), 404)).isEqualTo("No route matches /_portcullis/authé.");
  }

  @Test
  void undecodableRequests_statusWithTheSeedBody() throws Exception {
    String ctl = rawExchange("GET /v2/whoami HTTP/1.1\r\nHost: x\r\nAuthorization: Basic YTpi\u0001\r\n\r\n");
    assertThat(ctl).startsWith("HTTP/1.1 400 ").containsIgnoringCase("content-type: application/json")
        .contains("\"status\":400,\"message\":\"Bad Request\"").contains("\"reference\":\"");
    String big = rawExchange("GET /v2/whoami HTTP/1.1\r\nHost: x\r\nX-Junk: " + "a".repeat(9000) + "\r\n\r\n");
    assertThat(big).startsWith("HTTP/1.1 431 ").contains("\"status\":431,").contains("8192 bytes");
    String longUri = rawExchange("GET /v2/" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(longUri).matches("(?s)HTTP/1\\.[01] 414 .*").contains("\"status\":414,");
  }
}
