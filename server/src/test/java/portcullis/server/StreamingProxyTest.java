package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.basic;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.client.Ksig1Signer;
import portcullis.client.OAuth1Signer;
import portcullis.server.testing.RunningGateway;

/**
 * Request and response bodies streamed through the reverse proxy: a body no scheme reads is piped to
 * the upstream as it arrives (the gateway holds none of it: {@link portcullis.server.http.Bodies#buffered()}
 * is 0 while the upstream reads it) and arrives intact, both ways; the per-request limit still answers 413; bodies that a
 * signature covers (KSig1, OAuth 1.0a form parameters) are still read, verified and forwarded whole.
 */
class StreamingProxyTest {
  static final int MIB = 1 << 20;

  /** An upstream that answers POST with the SHA-256 and length of what it received, GET /bytes/N with N bytes. */
  static final class HashingUpstream implements BeforeAllCallback, AfterAllCallback {
    HttpServer server;
    /** The gateway's buffered request bytes when the last POST/PUT reached the upstream (a read body is held until its answer ends). */
    final java.util.concurrent.atomic.AtomicLong bufferedOnArrival = new java.util.concurrent.atomic.AtomicLong(-1);

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/", this::handle);
      server.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
      server.stop(0);
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
      String path = ex.getRequestURI().getPath();
      if (path.contains("/bytes/")) {
        long n = Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
        ex.sendResponseHeaders(200, n);
        try (OutputStream out = ex.getResponseBody()) {
          byte[] chunk = pattern(64 * 1024);
          for (long sent = 0; sent < n; sent += chunk.length) {
            out.write(chunk, 0, (int) Math.min(chunk.length, n - sent));
          }
        }
        return;
      }
      bufferedOnArrival.set(h.server.bodies().buffered());
      MessageDigest sha = sha256();
      long length = 0;
      try (InputStream in = ex.getRequestBody()) {
        byte[] b = new byte[64 * 1024];
        for (int r; (r = in.read(b)) > 0; ) {
          sha.update(b, 0, r);
          length += r;
        }
      }
      byte[] out = ("{\"sha256\":\"" + HexFormat.of().formatHex(sha.digest()) + "\",\"length\":" + length
          + ",\"scheme\":\"" + ex.getRequestHeaders().getFirst("X-Portcullis-Scheme") + "\"}").getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, out.length);
      ex.getResponseBody().write(out);
      ex.close();
    }
  }

  @RegisterExtension
  @Order(1)
  static final HashingUpstream upstream = new HashingUpstream();

  @RegisterExtension
  @Order(2)
  static final RunningGateway h = RunningGateway.of(() -> """
      realm: Test Realm
      limits: {maxBodyBytes: 16777216, maxBufferedBytes: 16777216}
      schemes:
        oauth1:
          allowPlaintextOverHttp: true
      routes:
        - {path: /up/**, methods: [GET, POST, PUT], upstream: "%1$s", schemes: [basic]}
        - {path: /signed/**, methods: [POST], upstream: "%1$s", schemes: [ksig1]}
        - {path: /oauth/**, methods: [POST], upstream: "%1$s", schemes: [oauth1]}
        - {path: /dead/**, methods: [POST], upstream: "http://127.0.0.1:9", schemes: [basic]}
        - {name: whoami, path: /v2/whoami, methods: [GET, POST], upstream: sample, schemes: [basic, oauth1]}
      """.formatted(upstream.url()));
  static final Harness.TestAccount a = h.accountForClass();
  static final Harness.TestClient c = h.clientForClass(a, false, "read");

  static byte[] pattern(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + (i >> 11));
    }
    return b;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String hex(byte[] body) {
    return HexFormat.of().formatHex(sha256().digest(body));
  }

  HttpRequest.Builder authed(String path) {
    return h.request(path).header("Authorization", basic(a.email(), a.password())).header("X-Client-Key", c.key());
  }

  @Test
  void upload_tenMiB_overTheBufferedBytesLimit_arrivesIntact() {
    byte[] body = pattern(10 * MIB);
    var r = h.send(authed("/up/upload").header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("\"sha256\":\"" + hex(body) + "\"").contains("\"length\":" + body.length)
        .contains("\"scheme\":\"basic\"");
    assertThat(upstream.bufferedOnArrival.get()).as("bytes the gateway held while the upstream read the body").isZero();
  }

  @Test
  void upload_chunked_withoutContentLength_arrivesIntact() {
    byte[] body = pattern(3 * MIB + 17);
    var publisher = HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)); // no length: chunked
    var r = h.send(authed("/up/chunked").header("Content-Type", "application/octet-stream").PUT(publisher));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("\"sha256\":\"" + hex(body) + "\"").contains("\"length\":" + body.length);
  }

  @Test
  void upload_chunked_overTheRequestLimit_413() {
    byte[] body = pattern(17 * MIB);
    var publisher = HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body));
    var r = h.send(authed("/up/too-big").header("Content-Type", "application/octet-stream").PUT(publisher));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
    assertThat(r.body()).contains("\"message\":\"Payload Too Large\"");
  }

  @Test
  void download_tenMiB_arrivesIntact() throws Exception {
    int n = 10 * MIB;
    HttpResponse<byte[]> r = h.http.send(authed("/up/bytes/" + n).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body().length).isEqualTo(n);
    byte[] expected = new byte[n];
    byte[] chunk = pattern(64 * 1024);
    for (int i = 0; i < n; i += chunk.length) {
      System.arraycopy(chunk, 0, expected, i, Math.min(chunk.length, n - i));
    }
    assertThat(hex(r.body())).isEqualTo(hex(expected));
    assertThat(r.headers().firstValue("X-Request-Id")).isPresent();
  }

  @Test
  void ksig1_bodySigned_stillVerifiedThenForwardedWhole() throws Exception {
    byte[] body = "{\"order\":42,\"items\":[1,2,3]}".getBytes(StandardCharsets.UTF_8);
    var signer = new Ksig1Signer(c.key(), c.secret(), Clock.systemUTC(), null);
    HttpRequest signed = signer.request("POST", URI.create(h.base + "/signed/orders"), Map.of(), body);
    var r = h.http.send(signed, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("\"sha256\":\"" + hex(body) + "\"").contains("\"scheme\":\"ksig1\"");

    // the same signature over another body: refused, never forwarded
    var tampered = HttpRequest.newBuilder(signer.request("POST", URI.create(h.base + "/signed/orders"), Map.of(), body), (k, v) -> true)
        .POST(HttpRequest.BodyPublishers.ofString("{\"order\":43,\"items\":[1,2,3]}")).build();
    assertThat(h.http.send(tampered, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
  }

  @Test
  void oauth1_formParametersSigned_stillVerifiedThenForwarded() throws Exception {
    Map<String, String> token = new OAuth1Flow(h).threeLegged(c, a, null);
    var signer = OAuth1Signer.builder(c.key(), c.secret()).token(token.get("oauth_token"), token.get("oauth_token_secret")).build();
    URI uri = URI.create(h.base + "/oauth/notes");
    String form = "title=hello&text=a+b";
    String auth = signer.sign("POST", uri, List.of(Map.entry("title", "hello"), Map.entry("text", "a b")), Map.of())
        .authorizationHeader(null);
    var r = h.send(HttpRequest.newBuilder(uri).header("Authorization", auth).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("\"sha256\":\"" + hex(form.getBytes(StandardCharsets.UTF_8)) + "\"").contains("\"scheme\":\"oauth1\"");

    String other = "title=hello&text=changed";
    var tampered = h.send(HttpRequest.newBuilder(uri).header("Authorization", auth)
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(other)));
    assertThat(tampered.statusCode()).as(tampered.body()).isEqualTo(401);
  }

  @Test
  void upstreamDown_withABodyToStream_502() {
    var r = h.send(authed("/dead/upload").header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray(pattern(100_000))));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(502);
    assertThat(r.body()).contains("\"message\":\"Bad Gateway\"");
  }
}
