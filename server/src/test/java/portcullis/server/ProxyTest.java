package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.basic;
import static portcullis.server.Harness.json;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.EchoUpstream;
import portcullis.server.testing.RunningGateway;

/** Reverse proxying to a real HTTP upstream: identity headers, credentials stripped, limits, scopes. */
class ProxyTest {
  @RegisterExtension
  @Order(1)
  static final EchoUpstream upstream = EchoUpstream.answering(ex -> {
    ex.getResponseHeaders().add("X-Upstream", "yes");
    ex.getResponseHeaders().add("X-Request-Id", "upstream-" + ex.getRequestHeaders().getFirst("X-Request-Id"));
    if (EchoUpstream.pathEndsWith(ex, "/hop")) {
      ex.getResponseHeaders().add("Connection", "keep-alive, X-Hop-Secret");
      ex.getResponseHeaders().add("X-Hop-Secret", "for the gateway only");
    }
    return EchoUpstream.pathEndsWith(ex, "/teapot") ? 418 : 200;
  });

  @RegisterExtension
  @Order(2)
  static final RunningGateway h = RunningGateway.of(() -> """
      limits: {maxBodyBytes: 1000}
      routes:
        - {path: /api/**, methods: [GET, POST, PUT], upstream: "%1$s/base", schemes: [basic]}
        - {path: /scoped, upstream: "%1$s", schemes: [basic], scopes: [admin]}
        - {path: /dead, upstream: "http://127.0.0.1:9", schemes: [basic]}
      """.formatted(upstream.url()));
  static final Harness.TestAccount a = h.accountForClass();
  static final Harness.TestClient c = h.clientForClass(a, false, "read");

  HttpRequest.Builder authed(String path) {
    return h.request(path).header("Authorization", basic(a.email(), a.password())).header("X-Client-Key", c.key());
  }

  @Test
  void forward_identityHeadersReplaceSpoofedOnes_credentialsStripped() {
    var r = h.send(authed("/api/items/7?x=1&client_key=" + c.key() + "&y=%20z")
        .header("X-Portcullis-Account", "spoofed").header("X-Portcullis-Scopes", "admin").header("X-Custom", "kept").GET());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Upstream")).hasValue("yes");
    JsonObject seen = json(r);
    assertThat(seen.getString("uri")).isEqualTo("/base/api/items/7?x=1&y=%20z");
    JsonObject hd = seen.getJsonObject("headers");
    assertThat(hd.getString("x-portcullis-account")).isEqualTo(a.id());
    assertThat(hd.getString("x-portcullis-client")).isEqualTo(c.key());
    assertThat(hd.getString("x-portcullis-scheme")).isEqualTo("basic");
    assertThat(hd.getString("x-portcullis-scopes")).isEqualTo("read");
    assertThat(hd.getString("x-custom")).isEqualTo("kept");
    assertThat(hd.getString("x-forwarded-for")).isEqualTo("127.0.0.1");
    assertThat(hd.getString("x-request-id")).isNotBlank();
    assertThat(hd.containsKey("authorization")).isFalse();
    assertThat(hd.containsKey("x-client-key")).isFalse();
  }

  @Test
  void forward_underscoreSpellingsOfIdentityAndCredentialHeadersStripped() {
    // CGI, PHP, WSGI and Rack map '-' and '_' to the same variable: X_Portcullis_Account would reach the
    // upstream's HTTP_X_PORTCULLIS_ACCOUNT beside (or instead of) the real one.
    var r = h.send(authed("/api/items").header("X_Portcullis_Account", "spoofed").header("x_portcullis_scopes", "admin")
        .header("X_Client_Key", "leak").header("X-Custom_Name", "kept").GET());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject hd = json(r).getJsonObject("headers");
    assertThat(hd.fieldNames()).doesNotContain("x_portcullis_account", "x_portcullis_scopes", "x_client_key");
    assertThat(hd.getString("x-portcullis-account")).isEqualTo(a.id());
    assertThat(hd.getString("x-custom_name")).isEqualTo("kept");
  }

  @Test
  void forward_percentEncodedCredentialParameterNamesStripped() {
    var r = h.send(h.request("/api/items?x=1&client%5Fkey=" + c.key() + "&%61pp_key=" + c.key() + "&oauth%5Fnonce=n&y=2")
        .header("Authorization", basic(a.email(), a.password())).GET());
    assertThat(r.statusCode()).as("the key was read from the encoded name: " + r.body()).isEqualTo(200);
    assertThat(json(r).getString("uri")).isEqualTo("/base/api/items?x=1&y=2");
  }

  @Test
  void forward_oneDateHeader_405ListsHead() {
    var r = h.send(authed("/api/items").GET());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().allValues("Date")).as("the upstream's Date replaces the gateway's").hasSize(1);
    assertThat(r.headers().allValues("X-Request-Id")).as("the gateway's id, not the upstream's echo").hasSize(1)
        .allMatch(v -> !v.startsWith("upstream-"));
    var notAllowed = h.send(authed("/api/items").method("DELETE", HttpRequest.BodyPublishers.noBody()));
    assertThat(notAllowed.statusCode()).isEqualTo(405);
    assertThat(notAllowed.headers().firstValue("Allow")).hasValue("GET, HEAD, POST, PUT");
  }

  @Test
  void forward_encodedUnreservedMatchesTheRoute_ownCookiesStripped() {
    var r = h.send(authed("/api/ite%6Ds/%7e7").header("Cookie", "portcullis_session=s3cret; theme=dark; portcullis_csrf=x").GET());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r).getString("uri")).isEqualTo("/base/api/items/~7");
    assertThat(json(r).getJsonObject("headers").getString("cookie")).isEqualTo("theme=dark");
    assertThat(h.send(h.request("/scop%65d").header("Authorization", basic(a.email(), a.password()))
        .header("X-Client-Key", c.key()).GET()).statusCode()).as("the scoped route, not a 404").isEqualTo(403);
  }

  @Test
  void forward_headersNamedInConnectionAndExpectDropped() throws Exception {
    String body = "hello";
    String raw = "POST /api/items HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + basic(a.email(), a.password())
        + "\r\nX-Client-Key: " + c.key() + "\r\nConnection: close, X-Foo\r\nConnection: x-bar\r\nX-Foo: for the gateway only"
        + "\r\nX-Bar: for the gateway only\r\nX-Kept: yes\r\nExpect: 100-continue\r\nContent-Type: text/plain"
        + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    JsonObject seen;
    try (Socket s = connected(raw)) {
      seen = new JsonObject(finalResponseBody(s.getInputStream()));
    }
    JsonObject hd = seen.getJsonObject("headers");
    assertThat(seen.getString("body")).isEqualTo(body);
    assertThat(hd.getString("x-kept")).isEqualTo("yes");
    assertThat(hd.fieldNames()).as("RFC 9110 7.6.1: named in Connection; Expect was answered by the gateway")
        .doesNotContain("x-foo", "x-bar", "expect");
  }

  /** A connection to the gateway that has sent {@code text} (ISO-8859-1, one char per byte). */
  static Socket connected(String text) throws IOException {
    Socket s = new Socket("127.0.0.1", h.server.port());
    s.setSoTimeout(10_000);
    write(s, text);
    return s;
  }

  static void write(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    s.getOutputStream().flush();
  }

  /** An authenticated PUT that announces {@code contentLength} bytes and waits for 100 Continue before sending them. */
  static String expectContinueHead(long contentLength) {
    return "PUT /api/items HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + basic(a.email(), a.password())
        + "\r\nX-Client-Key: " + c.key() + "\r\nExpect: 100-continue\r\nContent-Length: " + contentLength + "\r\n\r\n";
  }

  @Test
  void expectContinue_answered100_thenForwarded() throws Exception {
    try (Socket s = connected(expectContinueHead(5))) {
      assertThat(readHead(s.getInputStream())).as("the client waits for it before sending the body").startsWith("HTTP/1.1 100 ");
      write(s, "hello");
      JsonObject seen = new JsonObject(finalResponseBody(s.getInputStream()));
      assertThat(seen.getString("body")).isEqualTo("hello");
      assertThat(seen.getJsonObject("headers").fieldNames()).doesNotContain("expect");
    }
  }

  @Test
  void expectContinue_bodyOverTheLimit_413WithoutA100() throws Exception {
    try (Socket s = connected(expectContinueHead(999_999_999))) {
      assertThat(readHead(s.getInputStream())).as("refused before the client sends its body").startsWith("HTTP/1.1 413 ");
    }
  }

  /** Reads HTTP/1.1 responses (skipping 1xx) until a final one; returns its Content-Length body, asserting 200. */
  static String finalResponseBody(java.io.InputStream in) throws IOException {
    while (true) {
      String h = readHead(in);
      if (h.startsWith("HTTP/1.1 1")) {
        continue;
      }
      assertThat(h).startsWith("HTTP/1.1 200 ");
      var m = java.util.regex.Pattern.compile("(?im)^content-length: *(\\d+)").matcher(h);
      assertThat(m.find()).as(h).isTrue();
      return new String(in.readNBytes(Integer.parseInt(m.group(1))), StandardCharsets.UTF_8);
    }
  }

  /** One response's status line and headers, up to the blank line. */
  static String readHead(java.io.InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (head.length() < 4 || head.lastIndexOf("\r\n\r\n") != head.length() - 4) {
      int b = in.read();
      assertThat(b).as("connection closed after: " + head).isNotNegative();
      head.append((char) b);
    }
    return head.toString();
  }

  @Test
  void response_headersNamedInTheUpstreamsConnectionDropped() {
    var r = h.send(authed("/api/hop").GET());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Upstream")).hasValue("yes");
    assertThat(r.headers().map().keySet()).as("RFC 9110 7.6.1").noneMatch(k -> k.equalsIgnoreCase("X-Hop-Secret"));
  }

  @Test
  void forward_bodyAndStatusPassThrough() {
    var r = h.send(authed("/api/teapot").header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("héllo")));
    assertThat(r.statusCode()).isEqualTo(418);
    assertThat(json(r).getString("body")).isEqualTo("héllo");
    assertThat(json(r).getString("method")).isEqualTo("POST");
  }

  @Test
  void body_overLimit_413() {
    var r = h.send(authed("/api/x").POST(HttpRequest.BodyPublishers.ofString("x".repeat(5000))));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(json(r).getString("message")).isEqualTo("Payload Too Large");
    String[] chunked = Harness.curl("-u", a.email() + ":" + a.password(), "-H", "X-Client-Key: " + c.key(),
        "-H", "Transfer-Encoding: chunked", "--data-binary", "x".repeat(5000), h.base + "/api/x");
    assertThat(chunked[1]).isEqualTo("413");
  }

  @Test
  void scopes_missing_403() {
    var r = h.send(authed("/scoped").GET());
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(json(r).getString("message")).isEqualTo("Insufficient scope");
    assertThat(json(r).getString("additional")).contains("admin");
  }

  @Test
  void upstreamDown_502() {
    var r = h.send(authed("/dead").GET());
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(json(r).getString("message")).isEqualTo("Bad Gateway");
  }

  @Test
  void unauthenticated_neverReachesUpstream() {
    var r = h.send(h.request("/api/items").header("X-Client-Key", c.key()).GET());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("X-Upstream")).isEmpty();
  }
}
