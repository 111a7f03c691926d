package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.EchoUpstream;
import portcullis.server.testing.RunningGateway;

/**
 * examples/nginx-forward-auth.conf in a real nginx: Digest works through it on a route that offers
 * Basic, Digest and OAuth 1.0a (nginx passes one challenge: Digest's), and the gateway's own JSON
 * answers reach the client (401 with its challenge, 400 and 405 instead of nginx's 500 page).
 */
class ForwardAuthNginxSnippetTest {
  @RegisterExtension
  @Order(1)
  static final EchoUpstream upstream = EchoUpstream.echo();

  @RegisterExtension
  @Order(2)
  static final RunningGateway h = RunningGateway.of(Harness.demoYaml());
  static final Harness.TestAccount a = h.accountForClass();
  static final Harness.TestClient c = h.clientForClass(a, false, "read");
  static Process nginx;
  static int port;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("portcullis-nginx-snippet");
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String snippet = Files.readString(Path.of("..", "examples", "nginx-forward-auth.conf"))
        .replace("127.0.0.1:9000", "127.0.0.1:" + upstream.port()).replace("listen 80;", "listen 127.0.0.1:" + port + ";")
        .replace("127.0.0.1:8080", "127.0.0.1:" + h.server.port());
    String user = "root".equals(System.getProperty("user.name")) ? "user root root;\n" : "";
    Files.writeString(dir.resolve("nginx.conf"), user + """
        worker_processes 1;
        daemon off;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log warn;
        events { worker_connections 64; }
        http {
          access_log off;
          client_body_temp_path %1$s; proxy_temp_path %1$s; fastcgi_temp_path %1$s; uwsgi_temp_path %1$s; scgi_temp_path %1$s;
        %2$s
        }
        """.formatted(dir, snippet));
    String bin = Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
    nginx = new ProcessBuilder(bin, "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
    for (int i = 0; i < 50; i++) {
      try (var sock = new java.net.Socket("127.0.0.1", port)) {
        break;
      } catch (java.io.IOException e) {
        Thread.sleep(100);
      }
    }
  }

  @AfterAll
  static void stop() {
    if (nginx != null) {
      nginx.destroy();
    }
  }

  static String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  @Test
  void digest_throughNginx_onAMultiSchemeRoute() {
    String[] out = Harness.curl("--digest", "-u", a.email() + ":" + a.password(), "-H", "X-Client-Key: " + c.key(), url("/v2/whoami"));
    assertThat(out[1]).as(out[0]).isEqualTo("200");
    assertThat(new JsonObject(out[0]).getJsonObject("headers").getString("x-portcullis-scheme")).isEqualTo("digest");
  }

  @Test
  void refusals_reachTheClientAsTheGatewaysJson() {
    String[] headers = Harness.curl("-D", "-", "-o", "/dev/null", url("/v2/whoami"));
    assertThat(headers[1]).isEqualTo("401");
    assertThat(headers[0]).containsIgnoringCase("WWW-Authenticate: Digest");
    String[] none = Harness.curl(url("/v2/whoami"));
    assertThat(new JsonObject(none[0]).getString("message")).isEqualTo("Could not authenticate:");
    String[] noKey = Harness.curl("-u", a.email() + ":" + a.password(), url("/v2/whoami"));
    assertThat(noKey[1]).as(noKey[0]).isEqualTo("400");
    assertThat(new JsonObject(noKey[0]).getString("message")).startsWith("Must give an app key");
    String[] method = Harness.curl("-X", "DELETE", url("/v2/whoami"));
    assertThat(method[1]).as(method[0]).isEqualTo("405");
    assertThat(new JsonObject(method[0]).getInteger("status")).isEqualTo(405);
  }
}
