package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import portcullis.client.Ksig1Signer;
import portcullis.server.testing.RunningGateway;

/**
 * Raw non-ASCII bytes in the request target ({@code ?q=café} as the UTF-8 bytes {@code c3 a9}, as
 * curl sends it) reach the upstream as the client sent them, on Basic and KSig1 routes, not
 * re-encoded ({@code c3 83 c2 a9}). The client writes over a raw socket; the upstream is a raw socket
 * too and records each request line's bytes.
 */
class RawTargetBytesHttpTest {
  /** A one-thread HTTP/1.1 upstream that records each request line (bytes) and answers 200 "ok". */
  static final class RecordingUpstream implements BeforeAllCallback {
    final LinkedBlockingQueue<byte[]> lines = new LinkedBlockingQueue<>();
    ServerSocket server;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread t = new Thread(this::serve, "recording-upstream");
      t.setDaemon(true);
      t.start();
    }

    private void serve() {
      while (!server.isClosed()) {
        try (Socket s = server.accept()) {
          InputStream in = s.getInputStream();
          ByteArrayOutputStream head = new ByteArrayOutputStream();
          int b;
          while ((b = in.read()) >= 0) {
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
              break;
            }
          }
          byte[] h = head.toByteArray();
          int eol = 0;
          while (eol < h.length && h[eol] != '\r') {
            eol++;
          }
          lines.add(java.util.Arrays.copyOf(h, eol));
          OutputStream out = s.getOutputStream();
          out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
          out.flush();
        } catch (IOException e) {
          // next connection
        }
      }
    }

    String url() {
      return "http://127.0.0.1:" + server.getLocalPort();
    }
  }

  @RegisterExtension
  @Order(1)
  static final RecordingUpstream upstream = new RecordingUpstream();

  @RegisterExtension
  @Order(2)
  static final RunningGateway h = RunningGateway.of(() -> """
      routes:
        - name: basic
          path: /basic/**
          upstream: %1$s
          schemes: [basic]
        - name: signed
          path: /signed/**
          upstream: %1$s
          schemes: [ksig1]
      """.formatted(upstream.url()));
  static final Harness.TestAccount alice = h.accountForClass("alice+raw@example.com", "open sesame 7");
  static final Harness.TestClient app = h.clientForClass(alice, false, "read");

  @AfterAll
  static void stop() throws IOException {
    upstream.server.close();
  }

  @BeforeAll
  static void drain() {
    upstream.lines.clear();
  }

  /** Sends {@code target} (one char per byte) with the headers, returns the answer and the line the upstream saw. */
  static String[] send(String target, Map<String, String> headers) throws Exception {
    StringBuilder req = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1:")
        .append(h.server.port()).append("\r\nConnection: close\r\n");
    headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
    upstream.lines.clear();
    String answer = h.raw(req.append("\r\n").toString());
    byte[] line = upstream.lines.poll(5, TimeUnit.SECONDS);
    return new String[] {answer, line == null ? null : new String(line, StandardCharsets.ISO_8859_1)};
  }

  static String utf8AsBytes(String s) {
    return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  static String hex(String bytes) {
    return HexFormat.of().formatHex(bytes.getBytes(StandardCharsets.ISO_8859_1));
  }

  Map<String, String> basic() {
    return Map.of("Authorization", Harness.basic(alice.email(), alice.password()), "X-Client-Key", app.key());
  }

  @Test
  void basic_rawUtf8Query_forwardedAsSent() throws Exception {
    String target = utf8AsBytes("/basic/search?q=café");
    String[] r = send(target, basic());
    assertThat(r[0]).startsWith("HTTP/1.1 200");
    assertThat(hex(r[1])).isEqualTo(hex("GET " + target + " HTTP/1.1"));
  }

  @Test
  void basic_rawUtf8Path_forwardedAsSent() throws Exception {
    String target = utf8AsBytes("/basic/straße/€?x=ü");
    String[] r = send(target, basic());
    assertThat(r[0]).startsWith("HTTP/1.1 200");
    assertThat(hex(r[1])).isEqualTo(hex("GET " + target + " HTTP/1.1"));
  }

  @Test
  void basic_percentEncoded_unchanged() throws Exception {
    String[] r = send("/basic/search?q=caf%C3%A9", basic());
    assertThat(r[0]).startsWith("HTTP/1.1 200");
    assertThat(r[1]).isEqualTo("GET /basic/search?q=caf%C3%A9 HTTP/1.1");
  }

  @Test
  void basic_rawBytesThatAreNotUtf8_forwardedPercentEncoded() throws Exception {
    String[] r = send("/basic/search?q=caf\u00e9", basic()); // ISO-8859-1 é: the byte e9 alone
    assertThat(r[0]).startsWith("HTTP/1.1 200");
    assertThat(r[1]).isEqualTo("GET /basic/search?q=caf%E9 HTTP/1.1");
  }

  @Test
  void ksig1_rawUtf8Query_verifiedAndForwardedAsSent() throws Exception {
    String target = utf8AsBytes("/signed/search?q=café");
    Ksig1Signer signer = new Ksig1Signer(app.key(), app.secret(), Clock.systemUTC(), null);
    // The canonical query of the raw bytes c3 a9 is q=caf%C3%A9 (docs/schemes/ksig1.md).
    var signed = signer.sign("GET", "/signed/search", "q=caf%C3%A9", "127.0.0.1:" + h.server.port(), Map.of(), new byte[0],
        System.currentTimeMillis() / 1000, java.util.UUID.randomUUID().toString());
    String[] r = send(target, signed.headers());
    assertThat(r[0]).startsWith("HTTP/1.1 200");
    assertThat(hex(r[1])).isEqualTo(hex("GET " + target + " HTTP/1.1"));
  }
}
