package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Idle connections cannot exhaust the file descriptors: {@code limits.maxConnectionsPerIp} and
 * {@code limits.maxConnections} close the ones over the limit at once, and a connection that sends
 * nothing is closed after {@code limits.firstRequestTimeoutSeconds}, while one in use stays open.
 */
class ConnectionLimitsHttpTest {
  static final String ROUTES = """
      routes:
        - {path: /dash, upstream: sample, schemes: [basic], clientKey: none}
      """;

  /** Whether the gateway closes the socket within {@code millis} (read returns end of stream). */
  static boolean closedWithin(Socket s, int millis) throws IOException {
    s.setSoTimeout(millis);
    InputStream in = s.getInputStream();
    try {
      while (true) {
        if (in.read() < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (java.net.SocketException reset) {
      return true;
    }
  }

  static Socket connect(Harness h) throws IOException {
    return new Socket("127.0.0.1", h.server.port());
  }

  static String ask(Socket s) throws IOException {
    s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    s.setSoTimeout(3000);
    byte[] buf = new byte[512];
    int n = s.getInputStream().read(buf);
    return n < 0 ? "" : new String(buf, 0, n, StandardCharsets.ISO_8859_1);
  }

  @Test
  void perIpLimit_closesTheConnectionOverIt_atOnce() throws Exception {
    try (Harness h = Harness.start("limits: {maxConnectionsPerIp: 3, firstRequestTimeoutSeconds: 30}\n" + ROUTES)) {
      List<Socket> open = new ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) {
          open.add(connect(h));
        }
        // the event loops may take the four in any order: exactly one of them is over the limit
        List<Socket> closed = new ArrayList<>();
        for (Socket s : open) {
          if (closedWithin(s, 500)) {
            closed.add(s);
          }
        }
        assertThat(closed).as("connections closed of four from one IP with a limit of three").hasSize(1);
        open.removeAll(closed);
        for (Socket s : open) {
          assertThat(ask(s)).startsWith("HTTP/1.1 200 ");
        }
        open.remove(0).close();
        Thread.sleep(200);
        try (Socket again = connect(h)) {
          assertThat(ask(again)).as("a freed slot is reusable").startsWith("HTTP/1.1 200 ");
        }
      } finally {
        for (Socket s : open) {
          s.close();
        }
      }
    }
  }

  @Test
  void totalLimit_countsTrustedProxiesToo() throws Exception {
    try (Harness h = Harness.start("limits: {maxConnections: 2, trustedProxies: [127.0.0.1], firstRequestTimeoutSeconds: 30}\n" + ROUTES)) {
      try (Socket one = connect(h); Socket two = connect(h)) {
        assertThat(ask(one)).startsWith("HTTP/1.1 200 ");
        assertThat(ask(two)).startsWith("HTTP/1.1 200 ");
        try (Socket three = connect(h)) {
          assertThat(closedWithin(three, 2000)).isTrue(); // one and two are known to be open: they answered
        }
      }
    }
  }

  @Test
  void silentConnection_closedAfterTheFirstRequestTimeout_busyOneKept() throws Exception {
    try (Harness h = Harness.start("limits: {firstRequestTimeoutSeconds: 1, idleTimeoutSeconds: 60}\n" + ROUTES);
        Socket silent = connect(h); Socket busy = connect(h)) {
      assertThat(ask(busy)).startsWith("HTTP/1.1 200 ");
      assertThat(closedWithin(silent, 3000)).as("a connection that never sent a request").isTrue();
      assertThat(closedWithin(busy, 1500)).as("a connection that did").isFalse();
      assertThat(ask(busy)).startsWith("HTTP/1.1 200 ");
    }
  }
}
