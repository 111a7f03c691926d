package portcullis.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A nonce is reused only with the origin that issued it (RFC 7616 section 3.3: without {@code
 * domain} the protection space is the web origin). Otherwise a second server would receive a
 * fresh, unused answer to the first server's nonce, which it could replay there.
 */
class DigestAuthOriginTest {
  HttpServer a;
  HttpServer b;
  final List<String> seenByA = new CopyOnWriteArrayList<>();
  final List<String> seenByB = new CopyOnWriteArrayList<>();

  static HttpServer server(List<String> seen, String nonce) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    s.createContext("/", ex -> {
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      seen.add(auth == null ? "" : auth);
      boolean ok = auth != null && auth.contains("nonce=\"" + nonce + "\"");
      if (!ok) {
        ex.getResponseHeaders().add("WWW-Authenticate", "Digest realm=\"r\", qop=\"auth\", algorithm=SHA-256, nonce=\"" + nonce + "\"");
      }
      ex.sendResponseHeaders(ok ? 200 : 401, -1);
      ex.close();
    });
    s.start();
    return s;
  }

  @BeforeEach
  void start() throws IOException {
    a = server(seenByA, "nonce-of-a");
    b = server(seenByB, "nonce-of-b");
  }

  @AfterEach
  void stop() {
    a.stop(0);
    b.stop(0);
  }

  static URI uri(HttpServer s, String path) {
    return URI.create("http://127.0.0.1:" + s.getAddress().getPort() + path);
  }

  @Test
  void send_otherOrigin_neverGetsTheFirstOriginsNonce() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    DigestAuth auth = DigestAuth.of("user", "password");
    var body = HttpResponse.BodyHandlers.discarding();
    assertThat(auth.send(http, HttpRequest.newBuilder(uri(a, "/x")).build(), body).statusCode()).isEqualTo(200);
    assertThat(auth.send(http, HttpRequest.newBuilder(uri(a, "/y")).build(), body).statusCode()).isEqualTo(200);
    assertThat(seenByA).hasSize(3);
    assertThat(seenByA.get(2)).contains("nonce=\"nonce-of-a\"", "nc=00000002");

    assertThat(auth.send(http, HttpRequest.newBuilder(uri(b, "/x")).build(), body).statusCode()).isEqualTo(200);
    assertThat(seenByB).hasSize(2);
    assertThat(seenByB.get(0)).doesNotContain("nonce-of-a");
    assertThat(seenByB.get(1)).contains("nonce=\"nonce-of-b\"", "nc=00000001");

    assertThat(auth.send(http, HttpRequest.newBuilder(uri(a, "/z")).build(), body).statusCode()).isEqualTo(200);
    assertThat(seenByA).hasSize(4);
    assertThat(seenByA.get(3)).contains("nonce=\"nonce-of-a\"", "nc=00000003");
  }
}
