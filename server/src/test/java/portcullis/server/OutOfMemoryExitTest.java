package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A gateway that runs out of memory stops (exit status 3) for its supervisor to restart instead of
 * running on half-dead: run as {@code ./portcullis} runs it, with a small heap and a body budget an
 * operator set far too high, then filled with authenticated form bodies (read whole before they are
 * forwarded) for an upstream that never reads them.
 */
class OutOfMemoryExitTest {
  static final String ADMIN = "oom-test-admin-token-123";

  /**
   * The JVM options the launcher always passes (its {@code flags=(...)} array), less the class-data
   * archive's (this test runs the classes from the class path, not the jar the archive is made for).
   */
  static List<String> launcherOptions() throws Exception {
    String script = Files.readString(Path.of("..", "portcullis"));
    int start = script.indexOf("\nflags=(");
    String flags = script.substring(start, script.indexOf(')', start));
    List<String> options = new ArrayList<>();
    for (String word : flags.split("[\\s(]+")) {
      if (word.matches("-XX:[+-]?\\w+(=[\\w.]+)?") && !word.contains("SharedArchive")) { // not the ${PORTCULLIS_JAVA_OPTS:-...} defaults
        options.add(word);
      }
    }
    return options;
  }

  @Test
  void outOfMemory_processExitsWithStatus3() throws Exception {
    List<String> options = launcherOptions();
    assertThat(options).contains("-XX:+ExitOnOutOfMemoryError");
    Path dir = Files.createTempDirectory("portcullis-oom");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (ServerSocket blackhole = new ServerSocket(0)) {
      List<Socket> held = new ArrayList<>();
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            held.add(blackhole.accept()); // accepted, never read, never answered
          }
        } catch (Exception closed) {
          // test over
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      Files.writeString(dir.resolve("config.yaml"), """
          listen: {host: 127.0.0.1, port: %d}
          dataDir: %s
          limits: {maxBodyBytes: 8388608, maxBufferedBytes: 1073741824}
          routes:
            - {path: /up, methods: [POST], upstream: "http://127.0.0.1:%d", schemes: [keytoken], options: {keytoken.public: "true"}}
          """.formatted(port, dir.resolve("data"), blackhole.getLocalPort()));
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
      cmd.addAll(options);
      cmd.addAll(List.of("-Xmx64m", "-cp", System.getProperty("java.class.path"), "portcullis.server.cli.Main",
          "serve", "--config", dir.resolve("config.yaml").toString()));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile());
      pb.environment().put("PORTCULLIS_ADMIN_TOKEN", ADMIN);
      Process p = pb.start();
      try {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String base = "http://127.0.0.1:" + port;
        boolean up = false;
        for (int i = 0; i < 100 && !up && p.isAlive(); i++) {
          try {
            up = http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
          } catch (java.io.IOException notYet) {
            Thread.sleep(200);
          }
        }
        assertThat(up).as(Files.readString(dir.resolve("out.log"))).isTrue();
        String id = admin(http, base, "/admin/accounts", new JsonObject().put("email", "oom@example.com").put("password", "open sesame 1")).getString("id");
        String key = admin(http, base, "/admin/accounts/" + id + "/clients", new JsonObject().put("name", "oom")).getString("client_key");
        byte[] body = new byte[8 * 1024 * 1024];
        List<Socket> clients = new ArrayList<>();
        for (int i = 0; i < 40 && p.isAlive(); i++) {
          try {
            Socket s = new Socket("127.0.0.1", port);
            clients.add(s);
            OutputStream out = s.getOutputStream();
            // a form: read whole (its credential parameters are stripped) before it is forwarded; any other
            // body would be streamed to the upstream, and held back by it instead of by the gateway
            out.write(("POST /up HTTP/1.1\r\nHost: x\r\nAuthorization: " + key + "\r\nContent-Type: application/x-www-form-urlencoded"
                + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
          } catch (java.io.IOException gone) {
            break; // the process died while we wrote
          }
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the process stopped").isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("out.log"))).isEqualTo(3);
        assertThat(Files.readString(dir.resolve("out.log"))).contains("OutOfMemoryError");
        for (Socket s : clients) {
          s.close();
        }
      } finally {
        p.destroyForcibly();
        for (Socket s : held) {
          s.close();
        }
      }
    }
  }

  static JsonObject admin(HttpClient http, String base, String path, JsonObject body) throws Exception {
    var r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + ADMIN)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return new JsonObject(r.body());
  }
}
