package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import portcullis.client.Ksig1Signer;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.RunningGateway;

/**
 * HTTP/1 framing the client libraries will not send, over raw sockets: chunk extensions are
 * ignored (RFC 9112 section 7.1.1), a malformed chunk size is a 400 with the seed-000 body and
 * Connection: close (it used to close the connection without an answer), and a request line with
 * an HTTP version other than HTTP/1.1 or HTTP/1.0 gets 505 (well-formed, another version) or 400
 * (malformed), never an empty 501. Nothing of it is logged as an error.
 */
class Http1FramingHttpTest {
  @RegisterExtension
  static final RunningGateway h = RunningGateway.of(Harness.demoYaml()
        + "  - {name: basic-echo, path: /api/basic/echo, methods: [POST], upstream: sample, schemes: [basic], clientKey: none}\n").afterStop(log -> {
    assertThat(log.warningsAndErrors().lines().filter(l -> !l.contains("generated a master key")))
        .as("nothing here is the gateway's fault").isEmpty();
    assertThat(log.text()).doesNotContain("unexpected").doesNotContain("Unhandled");
  });
  static final Harness.TestAccount alice = h.accountForClass("alice+framing@example.com", "open sesame 6");
  static final Harness.TestClient app = h.clientForClass(alice, false, "read");

  static String exchange(String request) throws Exception {
    try (Socket s = new Socket("127.0.0.1", h.server.port())) {
      s.setSoTimeout(5000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  static String body(String raw) {
    return raw.substring(raw.indexOf("\r\n\r\n") + 4);
  }

  static String chunked(String requestLineAndHeaders, String chunks) {
    return requestLineAndHeaders + "Host: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunks;
  }

  static String basicEcho(String chunks) {
    return chunked("POST /api/basic/echo HTTP/1.1\r\nAuthorization: " + Harness.basic(alice.email(), alice.password())
        + "\r\nContent-Type: text/plain\r\n", chunks);
  }

  static String ksig1Post(String chunks) {
    Ksig1Signer signer = new Ksig1Signer(app.key(), app.secret(), java.time.Clock.systemUTC(), null);
    var signed = signer.sign("POST", "/api/signed/whoami", "", "x", Map.of(), "hello".getBytes(StandardCharsets.UTF_8),
        System.currentTimeMillis() / 1000, UUID.randomUUID().toString());
    StringBuilder b = new StringBuilder("POST /api/signed/whoami HTTP/1.1\r\n");
    signed.headers().forEach((k, v) -> b.append(k).append(": ").append(v).append("\r\n"));
    return chunked(b.toString(), chunks);
  }

  static String token(String chunks) {
    String basic = Base64.getEncoder().encodeToString((app.key() + ":" + app.secret()).getBytes(StandardCharsets.UTF_8));
    return chunked("POST /api/token HTTP/1.1\r\nAuthorization: Basic " + basic
        + "\r\nContent-Type: application/x-www-form-urlencoded\r\n", chunks);
  }

  @Test
  void chunkExtensions_ignored_proxiedRoutes() throws Exception {
    for (String chunks : new String[] {"5;ext=1\r\nhello\r\n0\r\n\r\n", "2;a=b;c=\"d e\"\r\nhe\r\n3;x\r\nllo\r\n0;last=1\r\n\r\n",
        "5 ; ext = 1\r\nhello\r\n0\r\n\r\n"}) {
      String basic = exchange(basicEcho(chunks));
      assertThat(basic).as(chunks).startsWith("HTTP/1.1 200 ");
      assertThat(new JsonObject(body(basic)).getString("body")).isEqualTo("hello");
      String ksig1 = exchange(ksig1Post(chunks));
      assertThat(ksig1).as(chunks).startsWith("HTTP/1.1 200 ");
      assertThat(new JsonObject(body(ksig1)).getString("scheme")).isEqualTo("ksig1");
    }
  }

  @Test
  void chunkExtensions_ignored_tokenEndpoint() throws Exception {
    String r = exchange(token("d;ext=1\r\ngrant_type=cl\r\n10;e\r\nient_credentials\r\n0\r\n\r\n"));
    assertThat(r).startsWith("HTTP/1.1 200 ");
    assertThat(new JsonObject(body(r)).getString("token_type")).isEqualTo("Bearer");
  }

  static void assertSeed400(String raw, String what) {
    assertThat(raw).as(what).startsWith("HTTP/1.1 400 ").containsIgnoringCase("connection: close")
        .containsIgnoringCase("content-type: application/json");
    JsonObject e = new JsonObject(body(raw));
    assertThat(e.fieldNames()).containsExactly("status", "message", "additional", "reference");
    assertThat(e.getInteger("status")).isEqualTo(400);
    assertThat(e.getString("message")).isEqualTo("Bad Request");
    assertThat(e.getString("additional")).contains("chunk");
    assertThat(e.getString("reference")).isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"zz\r\nhello\r\n0\r\n\r\n", "5\r\nhello\r\nzz\r\n\r\n", "-5\r\nhello\r\n0\r\n\r\n",
      "5;a\u0001b\r\nhello\r\n0\r\n\r\n", "5\r\nhelloXX0\r\n\r\n", "ffffffffffff\r\nhello\r\n"})
  void badChunk_400SeedBodyAndClose(String chunks) throws Exception {
    assertSeed400(exchange(basicEcho(chunks)), "basic " + chunks);
    assertSeed400(exchange(ksig1Post(chunks)), "ksig1 " + chunks);
    assertSeed400(exchange(token(chunks)), "token " + chunks);
  }

  @Test
  void badChunkAfterAGoodRequestOnTheSameConnection_answeredInOrder() throws Exception {
    String first = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
    String second = basicEcho("zz\r\nhello\r\n0\r\n\r\n");
    String r = exchange(first + second);
    assertThat(r).startsWith("HTTP/1.1 200 ");
    String rest = r.substring(r.indexOf("HTTP/1.1 ", 5));
    assertSeed400(rest, "second response");
  }

  @Test
  void badChunkPipelinedBehindASlowRequest_bothAnsweredInOrder() throws Exception {
    // a new account's password is not cached: its check runs Argon2 on the worker pool, so the first
    // response is still being made while the second request's broken body has arrived
    Harness.TestAccount fresh = h.account();
    String first = "GET /api/dashboard/whoami HTTP/1.1\r\nHost: x\r\nAuthorization: " + Harness.basic(fresh.email(), fresh.password())
        + "\r\n\r\n";
    String r = exchange(first + basicEcho("zz\r\nhello\r\n0\r\n\r\n"));
    assertThat(r).startsWith("HTTP/1.1 200 ");
    int second = r.indexOf("HTTP/1.1 ", 5);
    assertThat(second).as(r).isPositive();
    assertThat(new JsonObject(body(r.substring(0, second))).getString("account")).isEqualTo(fresh.id());
    assertSeed400(r.substring(second), "second response");
  }

  @ParameterizedTest
  @ValueSource(strings = {"HTTP/1.2", "HTTP/2.0", "HTTP/3.0", "HTTP/1.9"})
  void otherHttpVersion_505(String version) throws Exception {
    for (String target : new String[] {"/healthz", "/v2/whoami", "/api/token", "/admin/accounts"}) {
      String r = exchange("GET " + target + " " + version + "\r\nHost: x\r\n\r\n");
      assertThat(r).as(version + " " + target).startsWith("HTTP/1.1 505 HTTP Version Not Supported\r\n")
          .containsIgnoringCase("connection: close").containsIgnoringCase("content-type: application/json");
      JsonObject e = new JsonObject(body(r));
      assertThat(e.fieldNames()).containsExactly("status", "message", "additional", "reference");
      assertThat(e.getInteger("status")).isEqualTo(505);
      assertThat(e.getString("message")).isEqualTo("HTTP Version Not Supported");
      assertThat(e.getString("additional")).isEqualTo(version + " is not supported here; send HTTP/1.1 or HTTP/1.0"
          + " (HTTP/2 starts with its own connection preface, not an HTTP/1 request line).");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"HTTP/0.9", "http/1.1", "Http/1.0", "HTTP/1.10", "HTTX/1.1", "HTTP/01.1"})
  void malformedHttpVersion_400(String version) throws Exception {
    String r = exchange("GET /healthz " + version + "\r\nHost: x\r\n\r\n");
    assertThat(r).as(version).startsWith("HTTP/1.1 400 Bad Request\r\n").containsIgnoringCase("connection: close");
    JsonObject e = new JsonObject(body(r));
    assertThat(e.fieldNames()).containsExactly("status", "message", "additional", "reference");
    assertThat(e.getInteger("status")).isEqualTo(400);
    assertThat(e.getString("additional")).contains("HTTP version").contains("HTTP/1.1");
  }

  /** Found by FramingFuzzHttpTest: a refused request's status line echoed the request line's version text. */
  @ParameterizedTest
  @ValueSource(strings = {"HT(TP/1.1", "HTTP/1.1x", "FOO/1.1", "HTTP/9.9"})
  void refusedHeaderWithAnOddVersion_answeredAsHttp11(String version) throws Exception {
    String r = exchange("GET /healthz " + version + "\r\nHost: x\r\nX-Junk: a\u007fb\r\n\r\n");
    assertThat(r).as(version).startsWith("HTTP/1.1 400 ").containsIgnoringCase("connection: close");
  }

  /**
   * Found by FramingFuzzHttpTest: Transfer-Encoding that does not end in chunked was framed by the
   * Content-Length (identity) or not at all; RFC 9112 section 6.1 wants 400 and the close.
   */
  @ParameterizedTest
  @ValueSource(strings = {"identity", "gzip", "chunked, identity", "chunked\r\nTransfer-Encoding: gzip"})
  void transferEncodingNotEndingInChunked_400AndClose(String te) throws Exception {
    String r = exchange("POST /api/basic/echo HTTP/1.1\r\nHost: x\r\nAuthorization: " + Harness.basic(alice.email(), alice.password())
        + "\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nTransfer-Encoding: " + te + "\r\n\r\nhelloGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(r).as(te).startsWith("HTTP/1.1 400 ").containsIgnoringCase("connection: close");
    if (!te.startsWith("chunked")) { // the decoder refuses the others itself (their body is not chunked)
      assertThat(r).contains("must end with chunked");
    }
    assertThat(r).as("nothing after the 400 (the pipelined /healthz is not answered)").doesNotContain("{\"status\":\"ok\"}");
  }

  @Test
  void transferEncodingEndingInChunked_withContentLength_framedByTheChunks() throws Exception {
    String r = exchange(basicEcho("5\r\nhello\r\n0\r\n\r\n").replace("Transfer-Encoding: chunked\r\n",
        "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n"));
    assertThat(r).startsWith("HTTP/1.1 ");
    assertThat(r).doesNotStartWith("HTTP/1.1 5");
  }
}
