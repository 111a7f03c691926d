package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.basic;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Forward-auth: direct calls in the Traefik and Envoy styles, and a real nginx with auth_request. */
class ForwardAuthTest {
  static Harness h;
  static Harness.TestAccount a;
  static Harness.TestClient c;
  static Process nginx;
  static int nginxPort;
  static Path dir;

  @BeforeAll
  static void start() throws Exception {
    h = Harness.demo();
    a = h.account();
    c = h.client(a, false, "read");
    dir = Files.createTempDirectory("portcullis-nginx");
    Files.writeString(dir.resolve("ok.txt"), "protected content\n");
    try (ServerSocket s = new ServerSocket(0)) {
      nginxPort = s.getLocalPort();
    }
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
          server {
            listen 127.0.0.1:%2$d;
            root %1$s;
            location /v2/ {
              auth_request /_auth;
              auth_request_set $account $upstream_http_x_portcullis_account;
              add_header X-Account $account always;
              try_files /ok.txt =404;
            }
            location = /_auth {
              internal;
              proxy_pass http://127.0.0.1:%3$d/_portcullis/auth;
              proxy_pass_request_body off;
              proxy_set_header Content-Length "";
              proxy_set_header X-Original-URI $request_uri;
              proxy_set_header X-Original-Method $request_method;
            }
          }
        }
        """.formatted(dir, nginxPort, h.server.port()));
    String bin = Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
    nginx = new ProcessBuilder(bin, "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
    for (int i = 0; i < 50; i++) {
      try (var sock = new java.net.Socket("127.0.0.1", nginxPort)) {
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
    h.close();
  }

  @Test
  void nginxAuthRequest_allowsAndSetsIdentity() {
    String[] out = Harness.curl("-D", "-", "-u", a.email() + ":" + a.password(), "-H", "X-Client-Key: " + c.key(),
        "http://127.0.0.1:" + nginxPort + "/v2/whoami");
    assertThat(out[1]).isEqualTo("200");
    assertThat(out[0]).contains("protected content").containsIgnoringCase("X-Account: " + a.id());
  }

  @Test
  void nginxAuthRequest_deniesWithChallenge() {
    String[] out = Harness.curl("-D", "-", "-u", a.email() + ":wrong", "-H", "X-Client-Key: " + c.key(),
        "http://127.0.0.1:" + nginxPort + "/v2/whoami");
    assertThat(out[1]).isEqualTo("401");
    assertThat(out[0]).doesNotContain("protected content").containsIgnoringCase("WWW-Authenticate: Basic");
    String[] locked = Harness.curl("-u", a.email() + ":" + a.password(), "-H", "X-Client-Key: nobody-s-key",
        "http://127.0.0.1:" + nginxPort + "/v2/whoami");
    assertThat(locked[1]).isEqualTo("401");
  }

  @Test
  void traefikStyle_headersDescribeTheOriginal() {
    var r = h.get("/_portcullis/auth", "X-Forwarded-Method", "GET", "X-Forwarded-Uri", "/v2/whoami?x=1",
        "Authorization", basic(a.email(), a.password()), "X-Client-Key", c.key());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Portcullis-Account")).hasValue(a.id());
    assertThat(r.headers().firstValue("X-Portcullis-Scopes")).hasValue("read");
    var noKey = h.get("/_portcullis/auth", "X-Forwarded-Uri", "/v2/whoami", "Authorization", basic(a.email(), a.password()));
    assertThat(noKey.statusCode()).isEqualTo(400);
    assertThat(noKey.body()).contains("Must give an app key");
  }

  @Test
  void envoyStyle_pathPrefix() {
    var r = h.get("/_portcullis/auth/v2/whoami", "Authorization", basic(a.email(), a.password()), "X-Client-Key", c.key());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Portcullis-Client")).hasValue(c.key());
  }

  @Test
  void missingOriginal_400_unknownRoute_404() {
    assertThat(h.get("/_portcullis/auth").statusCode()).isEqualTo(400);
    assertThat(h.get("/_portcullis/auth", "X-Original-URI", "/nope").statusCode()).isEqualTo(404);
    assertThat(h.get("/_portcullis/auth", "X-Original-URI", "/v2/../admin").statusCode()).isEqualTo(400);
  }

}
