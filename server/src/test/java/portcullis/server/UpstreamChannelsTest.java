package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.basic;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.RunningGateway;

/**
 * The pooled upstream connections of the proxy (plain HTTP, body in hand): an upstream written by
 * hand on a server socket, so that it can do what real ones do and a pool must survive: close a
 * kept-alive connection between requests without saying so, answer in chunks with no length, answer
 * HEAD without a body, break off mid-body, answer {@code Connection: close}.
 */
class UpstreamChannelsTest {
  /** A tiny HTTP/1.1 upstream: one thread per connection; what it does is picked by the request path. */
  static final class RawUpstream implements BeforeAllCallback, AfterAllCallback {
    ServerSocket server;
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
      server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
      Thread t = new Thread(() -> {
        while (!server.isClosed()) {
          try {
            Socket s = server.accept();
            connections.incrementAndGet();
            Thread.ofVirtual().start(() -> serve(s));
          } catch (IOException e) {
            return;
          }
        }
      });
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
      server.close();
    }

    String url() {
      return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void serve(Socket s) {
      try (s) {
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
        OutputStream out = s.getOutputStream();
        while (true) {
          String line = in.readLine();
          if (line == null) {
            return;
          }
          String[] parts = line.split(" ");
          long length = 0;
          for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
            if (h.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
              length = Long.parseLong(h.substring(15).trim());
            }
          }
          in.skip(length); // the body, unread
          requests.incrementAndGet();
          String method = parts[0];
          String path = parts[1];
          if (path.endsWith("/close-after")) { // keeps nothing: answers as if alive, then closes
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none");
            return;
          } else if (path.endsWith("/chunked")) {
            write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n"
                + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
          } else if (path.endsWith("/head")) {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 42\r\nX-Seen: " + method + "\r\n\r\n"
                + (method.equals("HEAD") ? "" : "x".repeat(42)));
          } else if (path.endsWith("/broken")) {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part");
            return;
          } else if (path.endsWith("/connection-close")) {
            write(out, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
            return;
          } else {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
          }
        }
      } catch (IOException e) {
        // the gateway closed it
      }
    }

    private static void write(OutputStream out, String s) throws IOException {
      out.write(s.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }
  }

  @RegisterExtension
  @Order(1)
  static final RawUpstream upstream = new RawUpstream();

  @RegisterExtension
  @Order(2)
  static final RunningGateway h = RunningGateway.of(() -> """
      realm: Test Realm
      routes:
        - {path: /up/**, methods: [GET, HEAD, POST], upstream: "%s", schemes: [basic]}
      """.formatted(upstream.url()));
  static final Harness.TestAccount a = h.accountForClass();
  static final Harness.TestClient c = h.clientForClass(a, false, "read");

  private HttpResponse<String> get(String path, String method) throws Exception {
    HttpRequest r = h.request(path).header("Authorization", basic(a.email(), a.password())).header("X-Client-Key", c.key())
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    return h.http.send(r, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void keptAliveConnectionsAreReused() throws Exception {
    assertThat(get("/up/plain", "GET").body()).isEqualTo("ok");
    int before = upstream.connections.get();
    for (int i = 0; i < 20; i++) {
      assertThat(get("/up/plain", "GET").body()).isEqualTo("ok");
    }
    assertThat(upstream.connections.get() - before).as("new upstream connections for 20 sequential requests").isLessThanOrEqualTo(2);
  }

  @Test
  void aConnectionTheUpstreamClosedWhileIdle_isNotAFailure() throws Exception {
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> r = get("/up/close-after", "GET");
      assertThat(r.statusCode()).as("request " + i).isEqualTo(200);
      assertThat(r.body()).isEqualTo("one");
      Thread.sleep(20); // the close reaches the gateway (or not: then the request is retried once on a new connection)
    }
  }

  @Test
  void chunkedAnswer_relayedWhole() throws Exception {
    HttpResponse<String> r = get("/up/chunked", "GET");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("hello world");
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain");
  }

  @Test
  void chunkedAnswer_toAStreamedRequestBody_relayedWhole() throws Exception {
    HttpRequest r = h.request("/up/chunked").header("Authorization", basic(a.email(), a.password())).header("X-Client-Key", c.key())
        .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofString("some bytes")).build();
    HttpResponse<String> answer = h.http.send(r, HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("hello world");
  }

  @Test
  void head_answeredWithoutABody_andTheConnectionStillWorks() throws Exception {
    HttpResponse<String> r = get("/up/head", "HEAD");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Seen")).hasValue("HEAD");
    assertThat(r.body()).isEmpty();
    assertThat(get("/up/head", "GET").body()).isEqualTo("x".repeat(42));
  }

  @Test
  void connectionClose_answerRelayed_nextRequestOnANewConnection() throws Exception {
    assertThat(get("/up/connection-close", "GET").body()).isEqualTo("ok");
    assertThat(get("/up/connection-close", "GET").body()).isEqualTo("ok");
    assertThat(get("/up/plain", "GET").body()).isEqualTo("ok");
  }

  @Test
  void brokenOffMidBody_theClientIsNotGivenAShortBodyAsWhole() throws Exception {
    try {
      HttpResponse<String> r = get("/up/broken", "GET");
      assertThat(r.body().length()).as("a body shorter than its Content-Length is not delivered as complete").isNotEqualTo(9);
    } catch (IOException expected) {
      // the gateway reset the client's connection: the right answer
    }
    assertThat(get("/up/plain", "GET").body()).as("the gateway goes on").isEqualTo("ok");
  }
}
