package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import portcullis.server.config.ConfigLoader;
import portcullis.server.config.Settings;
import portcullis.server.http.PortcullisServer;
import portcullis.server.module.Modules;

/**
 * Starts a real gateway on a free loopback port with an embedded store in a temp directory, and
 * talks HTTP to it. One per test class: {@code @RegisterExtension static final RunningGateway h =
 * RunningGateway.of(yaml)} ({@link portcullis.server.testing.RunningGateway}); a test that needs a
 * gateway of its own: {@code try (Harness h = Harness.start(yaml)) ...}.
 */
public class Harness implements AutoCloseable {
  public static final String ADMIN_TOKEN = "test-admin-token-0123456789";
  /** The running gateway, its address and its data directory: set once, when it has started. */
  public PortcullisServer server;
  public String base;
  public Path dataDir;
  public HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** A harness whose gateway is started later, by {@link #open}. */
  protected Harness() {}

  private Harness(PortcullisServer server, Path dataDir) {
    opened(server, dataDir);
  }

  private void opened(PortcullisServer server, Path dataDir) {
    this.server = server;
    this.dataDir = dataDir;
    this.base = "http://127.0.0.1:" + server.port();
  }

  /** Starts this harness's gateway (see {@link #start(String, java.time.InstantSource, Modules)}). */
  protected final void open(String yaml, java.time.InstantSource clock, Modules modules) {
    Path dir = tempDir();
    opened(PortcullisServer.start(settings(yaml, modules, dir), clock), dir);
  }

  /** Starts a gateway from configuration text (listen/data/admin token are set by the harness). */
  public static Harness start(String yaml) {
    return start(yaml, java.time.InstantSource.system());
  }

  /** Starts a gateway whose modules read time from {@code clock}. */
  public static Harness start(String yaml, java.time.InstantSource clock) {
    return start(yaml, clock, Modules.builtIn());
  }

  /** Starts a gateway with these modules (a test adds a scheme with {@code Modules.builtIn().plus(...)}). */
  public static Harness start(String yaml, java.time.InstantSource clock, Modules modules) {
    Path dir = tempDir();
    return new Harness(PortcullisServer.start(settings(yaml, modules, dir), clock), dir);
  }

  /**
   * For a gateway with {@code listen.tls}: {@link #base} becomes {@code https://127.0.0.1:port} and
   * {@link #http} a client trusting {@code context} (HTTP/2 over ALPN); returns this harness.
   */
  public Harness useTls(javax.net.ssl.SSLContext context) {
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(context).build();
    this.base = "https://127.0.0.1:" + server.port();
    return this;
  }

  /** Starts a gateway listening on {@code host} (a non-loopback address of this machine, say) instead of 127.0.0.1. */
  public static Harness startOn(String host, String yaml) {
    Path dir = tempDir();
    Harness h = new Harness(PortcullisServer.start(new ConfigLoader(System.getenv(), Modules.builtIn()).parse(yaml, "test config",
        new ConfigLoader.Overrides(host, 0, dir.toString(), ADMIN_TOKEN))), dir);
    h.base = "http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + h.server.port();
    return h;
  }

  /**
   * Starts one node of a cluster in this JVM: its store is the embedded one in {@code dataDir} (give
   * several nodes the same directory and they share one database, and one master key), its
   * invalidations go over {@code channel}.
   */
  public static Harness node(String yaml, java.time.InstantSource clock, Path dataDir, portcullis.server.cluster.Channel channel) {
    return new Harness(PortcullisServer.start(settings(yaml, Modules.builtIn(), dataDir), clock, channel), dataDir);
  }

  /** A new empty directory for a gateway's data. */
  public static Path tempDir() {
    try {
      return Files.createTempDirectory("portcullis-test");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The settings of a test gateway: listening on loopback, its data in {@code dir}, and, unless the
   * configuration names one, an access log in {@code dir/access.log} (checked for secrets at {@link #close}).
   */
  private static Settings settings(String yaml, Modules modules, Path dir) {
    Settings s = new ConfigLoader(System.getenv(), modules).parse(yaml, "test config",
        new ConfigLoader.Overrides("127.0.0.1", 0, dir.toString(), ADMIN_TOKEN));
    Settings.Observability o = s.observability();
    return o.accessStdout() || o.accessFile() != null ? s
        : s.withObservability(new Settings.Observability(false, dir.resolve("access.log"), o.auditFile(), o.otlpEndpoint(), o.serviceName()));
  }

  /** Every password and client secret a harness made in this JVM: no access or audit log may contain one. */
  private static final java.util.Set<String> SECRETS = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** Registers a secret a test made by other means (a token it obtained, a rotated secret) for the check at {@link #close}. */
  public static void secret(String value) {
    if (value != null && value.length() >= 6) {
      SECRETS.add(value);
    }
  }

  /**
   * Fails when the gateway's access log or audit log in {@link #dataDir} holds any secret made so far
   * in this JVM (named by kind and position, never quoted).
   */
  void assertLogsHoldNoSecret() {
    List<String> secrets = new java.util.ArrayList<>(SECRETS);
    secrets.add(ADMIN_TOKEN);
    for (String name : new String[] {"access.log", "audit.log"}) {
      Path f = dataDir.resolve(name);
      if (!Files.exists(f)) {
        continue;
      }
      String text;
      try {
        text = Files.readString(f);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      for (String secret : secrets) {
        int at = text.indexOf(secret);
        if (at >= 0) {
          throw new AssertionError(f + " holds a secret of length " + secret.length() + " at offset " + at);
        }
      }
    }
  }

  /** Starts the demo's configuration. */
  public static Harness demo() {
    return demo(java.time.InstantSource.system());
  }

  /** Starts the demo's configuration with a clock tests can move. */
  public static Harness demo(java.time.InstantSource clock) {
    return start(demoYaml(), clock);
  }

  /** The demo's configuration text (tests may append routes). */
  public static String demoYaml() {
    try (var in = Harness.class.getResourceAsStream("/demo.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
    assertLogsHoldNoSecret();
  }

  /** Closes each node that was started (null: never started), in the order given. */
  public static void closeAll(Harness... nodes) {
    for (Harness n : nodes) {
      if (n != null) {
        n.close();
      }
    }
  }

  // ---- plain HTTP ----

  public HttpResponse<String> send(HttpRequest.Builder b) {
    try {
      return http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(base + pathAndQuery));
  }

  public HttpResponse<String> get(String pathAndQuery, String... headers) {
    HttpRequest.Builder b = request(pathAndQuery).GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b);
  }

  public static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  public static JsonObject json(HttpResponse<String> r) {
    return new JsonObject(r.body());
  }

  /** Sends raw bytes (ISO-8859-1, one char per byte) and reads until the gateway closes the connection. */
  public String raw(String request) {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(5000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- admin API ----

  public HttpResponse<String> admin(String method, String path, JsonObject body) {
    HttpRequest.Builder b = request(path).header("Authorization", "Bearer " + ADMIN_TOKEN);
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.encode()));
    }
    return send(b);
  }

  /** An account made through the admin API. */
  public interface TestAccount {
    String id();

    String email();

    String password();
  }

  /** A client made through the admin API. */
  public interface TestClient {
    String key();

    String secret();

    TestAccount owner();
  }

  private record MadeAccount(String id, String email, String password) implements TestAccount {}

  private record MadeClient(String key, String secret, TestAccount owner) implements TestClient {}

  public TestAccount account() {
    return account("user+" + UUID.randomUUID().toString().substring(0, 8) + "@example.com", "pw-" + UUID.randomUUID());
  }

  public TestAccount account(String email, String password) {
    var r = admin("POST", "/admin/accounts", new JsonObject().put("email", email).put("password", password));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    secret(password);
    return new MadeAccount(json(r).getString("id"), email, password);
  }

  public TestClient client(TestAccount owner, boolean isPublic, String... scopes) {
    var r = admin("POST", "/admin/accounts/" + owner.id() + "/clients", new JsonObject().put("name", "test app")
        .put("scopes", new io.vertx.core.json.JsonArray(List.of(scopes))).put("public", isPublic));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    secret(json(r).getString("client_secret"));
    return new MadeClient(json(r).getString("client_key"), json(r).getString("client_secret"), owner);
  }

  public void setStatus(TestAccount a, String status) {
    var r = admin("PATCH", "/admin/accounts/" + a.id(), new JsonObject().put("status", status));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  // ---- external programs (curl, python3) ----

  /** Result of running a program. */
  public record Run(int exit, String out, String err) {}

  public static Run run(String... command) {
    return run(List.of(command), null);
  }

  public static Run run(List<String> command, String stdin) {
    try {
      Process p = new ProcessBuilder(new ArrayList<>(command)).start();
      if (stdin != null) {
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      p.getOutputStream().close();
      var out = p.getInputStream().readAllBytes();
      var err = p.getErrorStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + command);
      }
      return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** curl with {@code -s -o - -w '\n%{http_code}'}: returns [body, status]. */
  public static String[] curl(String... args) {
    List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-S", "--max-time", "30", "-w", "\n%{http_code}"));
    cmd.addAll(List.of(args));
    Run r = run(cmd, null);
    assertThat(r.exit()).as("curl failed: " + r.err()).isZero();
    int nl = r.out().lastIndexOf('\n');
    return new String[] {r.out().substring(0, nl), r.out().substring(nl + 1)};
  }
}
