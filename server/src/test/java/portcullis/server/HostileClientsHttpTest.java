package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.basic;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.client.Ksig1Signer;
import portcullis.client.OAuth1Signer;
import portcullis.server.testing.EchoUpstream;
import portcullis.server.testing.RunningGateway;

/**
 * The attacks of the security review, over real sockets, against a gateway in front of a recording
 * upstream: bodies held open without credentials (item 1), paths the route table and the upstream
 * read differently (item 4), OAuth 1.0a credentials in form bodies (item 5), method overrides and
 * a client's own proxy headers (item 9).
 */
class HostileClientsHttpTest {
  @RegisterExtension
  @Order(1)
  static final EchoUpstream upstream = EchoUpstream.echo();

  @RegisterExtension
  @Order(2)
  static final RunningGateway h = RunningGateway.of(() -> config(upstream.url(),
      "limits: {maxBodyBytes: 1048576, maxBufferedBytes: 2200000, bodyTimeoutSeconds: 1}\n"));
  static final Harness.TestAccount a = h.accountForClass();
  static final Harness.TestClient reader = h.clientForClass(a, false, "read");
  static final Harness.TestClient admin = h.clientForClass(a, false, "read", "admin");

  static String config(String up, String extra) {
    return extra + """
        schemes:
          oauth1: {allowPlaintextOverHttp: true}
        routes:
          - {name: admin-area, path: /api/admin/**, methods: [GET, POST], upstream: "%1$s", schemes: [basic], scopes: [admin]}
          - {name: api, path: /api/**, methods: [GET, POST], upstream: "%1$s", schemes: [basic]}
          - {name: upload, path: /upload, methods: [POST], upstream: "%1$s", schemes: [basic], clientKey: none}
          - {name: signed, path: /signed, methods: [POST], upstream: "%1$s", schemes: [ksig1]}
          - {name: oauth-echo, path: /oauth-echo, methods: [POST], upstream: "%1$s", schemes: [oauth1]}
        """.formatted(up);
  }

  // ---- raw sockets ----

  static Socket open() throws IOException {
    Socket s = new Socket("127.0.0.1", h.server.port());
    s.setSoTimeout(5000);
    return s;
  }

  static void write(Socket s, String text) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Reads until the peer closes or {@code millis} pass with nothing new; what arrived. */
  static String readAll(Socket s, int millis) throws IOException {
    return read(s, millis, false);
  }

  /** Reads the answer up to the end of the connection, which the gateway must close within {@code millis}. */
  static String readToClose(Socket s, int millis) throws IOException {
    return read(s, millis, true);
  }

  private static String read(Socket s, int millis, boolean mustClose) throws IOException {
    s.setSoTimeout(millis);
    InputStream in = s.getInputStream();
    StringBuilder b = new StringBuilder();
    byte[] buf = new byte[8192];
    try {
      for (int n; (n = in.read(buf)) > 0; ) {
        b.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
      }
    } catch (SocketTimeoutException e) {
      if (mustClose) {
        throw new AssertionError("the gateway kept the connection open after answering: " + b, e);
      }
    } catch (java.net.SocketException reset) {
      // closed with unread bytes of ours: a reset after the answer
    }
    return b.toString();
  }

  static String exchange(String request) throws IOException {
    try (Socket s = open()) {
      write(s, request);
      return readAll(s, 5000);
    }
  }

  static String get(String target, Harness.TestClient c) throws IOException {
    return exchange("GET " + target + " HTTP/1.1\r\nHost: x\r\nAuthorization: " + basic(a.email(), a.password())
        + "\r\nX-Client-Key: " + c.key() + "\r\nConnection: close\r\n\r\n");
  }

  static JsonObject echo(String rawResponse) {
    assertThat(rawResponse).as(rawResponse).startsWith("HTTP/1.1 200 ");
    return new JsonObject(rawResponse.substring(rawResponse.indexOf("\r\n\r\n") + 4));
  }

  // ---- item 1: bodies ----

  @Test
  void unauthenticatedBody_answeredAtOnceWithoutReadingIt_andTheConnectionClosed() throws Exception {
    try (Socket s = open()) {
      write(s, "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n");
      String answer = readToClose(s, 3000); // before the fix: no answer until the whole MiB arrived
      assertThat(answer).startsWith("HTTP/1.1 401 ").containsIgnoringCase("connection: close");
    }
    assertThat(h.server.bodies().buffered()).isZero();
  }

  @Test
  void signedBodyOfAnUnknownKey_refusedBeforeTheBodyIsRead() throws Exception {
    String oauth = "OAuth oauth_consumer_key=\"nobody\", oauth_signature_method=\"HMAC-SHA1\", oauth_timestamp=\""
        + System.currentTimeMillis() / 1000 + "\", oauth_nonce=\"n1\", oauth_signature=\"x\"";
    try (Socket s = open()) {
      write(s, "POST /oauth-echo HTTP/1.1\r\nHost: x\r\nAuthorization: " + oauth
          + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1048576\r\n\r\n");
      assertThat(readToClose(s, 3000)).startsWith("HTTP/1.1 401 ").contains("consumer_key_unknown");
    }
    try (Socket s = open()) {
      write(s, ksig1Headers(h.client(a, false), 1048576).replace("X-API-Key: ", "X-API-Key: x"));
      assertThat(readToClose(s, 3000)).startsWith("HTTP/1.1 401 ").contains("AUTH_INVALID_API_KEY");
    }
    assertThat(h.server.bodies().buffered()).isZero();
  }

  @Test
  void manyHeldBodiesWithoutCredentials_nothingBuffered_healthStillAnswers() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<String>> answers = new ArrayList<>();
      byte[] chunk = new byte[64 * 1024];
      for (int i = 0; i < 64; i++) {
        answers.add(pool.submit(() -> {
          try (Socket s = open()) {
            write(s, "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: 1048575\r\n\r\n");
            try {
              s.getOutputStream().write(chunk);
            } catch (IOException closed) {
              // the gateway answered and closed without reading
            }
            return readToClose(s, 3000);
          }
        }));
      }
      for (Future<String> f : answers) {
        assertThat(f.get()).startsWith("HTTP/1.1 401 ");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(h.get("/healthz").statusCode()).isEqualTo(200);
    assertThat(h.server.bodies().buffered()).isZero();
  }

  static String ksig1Headers(Harness.TestClient c, int length) {
    Ksig1Signer signer = new Ksig1Signer(c.key(), c.secret(), Clock.systemUTC(), null);
    StringBuilder b = new StringBuilder();
    signer.sign("POST", URI.create(h.base + "/signed"), Map.of(), new byte[0]).headers()
        .forEach((k, v) -> b.append(k).append(": ").append(v).append("\r\n"));
    return "POST /signed HTTP/1.1\r\nHost: 127.0.0.1:" + h.server.port() + "\r\n" + b + "Content-Length: " + length + "\r\n\r\n";
  }

  @Test
  void bodiesBeyondMaxBufferedBytes_503WithRetryAfter_untilTheHeldOnesAreDone() throws Exception {
    // a KSig1 body is read once the key and timestamp are checked: two held 1 MiB bodies fill the 2.2 MB budget
    try (Socket one = open(); Socket two = open()) {
      write(one, ksig1Headers(reader, 1048576) + "x".repeat(10));
      write(two, ksig1Headers(reader, 1048576) + "x".repeat(10));
      for (int i = 0; i < 100 && h.server.bodies().buffered() < 2 * 1048576; i++) {
        Thread.sleep(20);
      }
      assertThat(h.server.bodies().buffered()).isEqualTo(2 * 1048576L);
      try (Socket three = open()) {
        write(three, ksig1Headers(reader, 1048576));
        String answer = readToClose(three, 3000);
        assertThat(answer).startsWith("HTTP/1.1 503 ").containsIgnoringCase("retry-after: 1").contains("too many request bodies");
      }
    }
    for (int i = 0; i < 100 && h.server.bodies().buffered() > 0; i++) {
      Thread.sleep(20);
    }
    assertThat(h.server.bodies().buffered()).isZero();
  }

  @Test
  void tricklingBody_408AfterBodyTimeout() throws Exception {
    try (Socket s = open()) {
      write(s, "POST /upload HTTP/1.1\r\nHost: x\r\nAuthorization: " + basic(a.email(), a.password())
          + "\r\nContent-Length: 100\r\n\r\n0123456789");
      String answer = readToClose(s, 4000);
      assertThat(answer).startsWith("HTTP/1.1 408 ").contains("did not arrive in time");
    }
  }

  @Test
  void authenticatedBody_readAndForwarded() throws Exception {
    String answer = exchange("POST /upload HTTP/1.1\r\nHost: x\r\nAuthorization: " + basic(a.email(), a.password())
        + "\r\nExpect: 100-continue\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
    assertThat(answer).startsWith("HTTP/1.1 100 Continue");
    JsonObject got = echo(answer.substring(answer.indexOf("HTTP/1.1 200")));
    assertThat(got.getString("body")).isEqualTo("hello");
  }

  // ---- item 4: every spelling of a protected path is refused or checked as that path ----

  @Test
  void pathVariants_neverPassAsAnotherRoute() throws Exception {
    String[] variants = {"/api/admin/secret", "/api//admin/secret", "/api/admin;x/secret", "/api/ADMIN/secret", "/api/Admin/secret",
        "/api/admin%20/secret", "/api/admin./secret", "/api/%2561dmin/secret", "/api/admin%00/secret", "/api/%61dmin/secret",
        "/api/admin%09/secret", "/api/admin/./secret", "/api/x/../admin/secret", "/api/admin%2fsecret", "/api/admin%5csecret",
        "/api/x\u0000y/z", "/api/admin\u0001/secret", "/api/admin\u007f/secret", "/api/admin%7f/secret", "/api/admin/secret?a=\u0000"};
    int before = upstream.calls();
    for (String v : variants) {
      String answer = get(v, reader);
      assertThat(answer).as(v).matches("(?s)HTTP/1\\.1 (400|403) .*");
    }
    assertThat(upstream.calls()).as("forwarded upstream").isEqualTo(before);
  }

  @Test
  void caseVariant_checkedAsTheRoute_andForwardedAsTheRouteSpellsIt() throws Exception {
    assertThat(echo(get("/api/ADMIN/Secret?q=1", admin)).getString("uri")).isEqualTo("/api/admin/Secret?q=1");
    assertThat(echo(get("/api/%61dmin/secret", admin)).getString("uri")).isEqualTo("/api/admin/secret");
    assertThat(echo(get("/api/files/my%20doc.txt", reader)).getString("uri")).isEqualTo("/api/files/my%20doc.txt");
  }

  @Test
  void http2PathWithASpaceOrControl_400() {
    try (Harness h2c = Harness.start("listen: {http2Cleartext: true}\n" + config(upstream.url(), ""))) {
      for (String target : List.of("/api/a b", "/api/a\u0001b", "/api/a\u007fb")) {
        Harness.Run r = Harness.run("curl", "-s", "-o", "/dev/null", "-w", "%{http_code} %{http_version}", "--http2-prior-knowledge",
            "--request-target", target, "http://127.0.0.1:" + h2c.server.port() + "/");
        assertThat(r.out()).as(target).isEqualTo("400 2");
      }
    }
  }

  // ---- item 5: OAuth 1.0a parameters in a form body do not reach the upstream ----

  @Test
  void oauth1FormBodyParameters_strippedBeforeForwarding() {
    Harness.TestClient app = h.client(a, true, "read");
    Map<String, String> access = new OAuth1Flow(h).threeLegged(app, a, null);
    OAuth1Signer signer = OAuth1Signer.builder(app.key(), app.secret()).method(OAuth1Signer.Method.PLAINTEXT)
        .token(access.get("oauth_token"), access.get("oauth_token_secret")).build();
    URI uri = URI.create(h.base + "/oauth-echo");
    String form = "a=1&" + signer.sign("POST", uri, List.of(Map.entry("a", "1")), Map.of()).formEncoded();
    assertThat(form).contains("oauth_signature=");
    var r = h.send(h.request("/oauth-echo").header("Content-Type", "application/x-www-form-urlencoded")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject got = new JsonObject(r.body());
    assertThat(got.getString("body")).isEqualTo("a=1");
    assertThat(got.getJsonObject("headers").getString("content-length")).isEqualTo("3");
    assertThat(got.getJsonObject("headers").getString("x-portcullis-scheme")).isEqualTo("oauth1");
  }

  // ---- item 9: method overrides and a client's own proxy headers ----

  static final String SPOOFED = "X-HTTP-Method-Override: DELETE\r\nX-Method-Override: DELETE\r\nX-HTTP-Method: DELETE\r\n"
      + "Forwarded: for=1.2.3.4;proto=https\r\nX-Real-IP: 1.2.3.4\r\nX-Forwarded-For: 1.2.3.4\r\nX-Forwarded-Host: evil.example\r\n"
      + "X-Forwarded-Proto: https\r\nX-Original-URL: /api/admin/secret\r\n";

  @Test
  void methodOverridesAndProxyHeaders_fromAClient_notForwarded() throws Exception {
    JsonObject got = echo(exchange("POST /api/x?_method=DELETE&y=1 HTTP/1.1\r\nHost: x\r\nAuthorization: " + basic(a.email(), a.password())
        + "\r\nX-Client-Key: " + reader.key() + "\r\n" + SPOOFED + "Content-Type: application/x-www-form-urlencoded\r\n"
        + "Content-Length: 19\r\nConnection: close\r\n\r\n_method=DELETE&z=1&"));
    JsonObject hd = got.getJsonObject("headers");
    assertThat(got.getString("method")).isEqualTo("POST");
    assertThat(got.getString("uri")).isEqualTo("/api/x?y=1");
    assertThat(got.getString("body")).isEqualTo("z=1");
    for (String gone : List.of("x-http-method-override", "x-method-override", "x-http-method", "forwarded", "x-real-ip", "x-original-url")) {
      assertThat(hd.containsKey(gone)).as(gone + " in " + hd).isFalse();
    }
    assertThat(hd.getString("x-forwarded-for")).isEqualTo("127.0.0.1");
    assertThat(hd.getString("x-forwarded-host")).isEqualTo("x");
    assertThat(hd.getString("x-forwarded-proto")).isEqualTo("http");
  }

  @Test
  void proxyHeaders_fromATrustedProxy_kept() throws Exception {
    try (Harness trusted = Harness.start(config(upstream.url(),
        "limits: {trustedProxies: [127.0.0.0/8]}\n"))) {
      Harness.TestAccount b = trusted.account();
      Harness.TestClient c = trusted.client(b, false, "read");
      try (Socket s = new Socket("127.0.0.1", trusted.server.port())) {
        write(s, "GET /api/x HTTP/1.1\r\nHost: x\r\nAuthorization: " + basic(b.email(), b.password()) + "\r\nX-Client-Key: "
            + c.key() + "\r\n" + SPOOFED + "Connection: close\r\n\r\n");
        JsonObject hd = echo(readAll(s, 5000)).getJsonObject("headers");
        assertThat(hd.getString("forwarded")).isEqualTo("for=1.2.3.4;proto=https");
        assertThat(hd.getString("x-real-ip")).isEqualTo("1.2.3.4");
        assertThat(hd.getString("x-forwarded-for")).isEqualTo("1.2.3.4, 127.0.0.1");
        assertThat(hd.getString("x-forwarded-host")).isEqualTo("evil.example");
        assertThat(hd.getString("x-forwarded-proto")).isEqualTo("https");
        assertThat(hd.containsKey("x-http-method-override")).isFalse(); // never forwarded, whoever sends it
      }
    }
  }
}
