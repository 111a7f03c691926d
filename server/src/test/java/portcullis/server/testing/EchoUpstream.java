package portcullis.server.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real HTTP upstream on a free loopback port for one test class, answering every request with a
 * JSON echo of what reached it: {@code method}, {@code uri} (the request target as sent),
 * {@code headers} (names lower-cased, sorted, repeated values joined with commas) and {@code body}.
 * Register it before the gateway that forwards to it:
 *
 * <pre>{@code
 * @RegisterExtension @Order(1) static final EchoUpstream upstream = EchoUpstream.echo();
 * @RegisterExtension @Order(2) static final RunningGateway h = RunningGateway.of(() -> yaml(upstream.url()));
 * }</pre>
 */
public final class EchoUpstream implements BeforeAllCallback, AfterAllCallback {
  /** What an answer adds before it is sent: response headers, and the status to send. */
  @FunctionalInterface
  public interface Answer {
    int status(HttpExchange exchange);
  }

  private final Answer answer;
  private final AtomicInteger calls = new AtomicInteger();
  private HttpServer server;
  private String startedFor;

  private EchoUpstream(Answer answer) {
    this.answer = answer;
  }

  /** Echoes with status 200 and {@code Content-Type: application/json}. */
  public static EchoUpstream echo() {
    return new EchoUpstream(ex -> 200);
  }

  /** Echoes with the status {@code answer} returns, after it has added any response headers. */
  public static EchoUpstream answering(Answer answer) {
    return new EchoUpstream(answer);
  }

  /** Whether {@code ex}'s path ends with {@code suffix}. */
  public static boolean pathEndsWith(HttpExchange ex, String suffix) {
    return ex.getRequestURI().getPath().endsWith(suffix);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    if (startedFor != null) {
      return; // a @Nested class shares its enclosing class's upstream
    }
    startedFor = context.getUniqueId();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (context.getUniqueId().equals(startedFor)) {
      server.stop(0);
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    calls.incrementAndGet();
    JsonObject headers = new JsonObject();
    new TreeMap<>(ex.getRequestHeaders()).forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
    byte[] body = ex.getRequestBody().readAllBytes();
    byte[] out = new JsonObject().put("method", ex.getRequestMethod()).put("uri", ex.getRequestURI().toString())
        .put("headers", headers).put("body", new String(body, StandardCharsets.UTF_8)).encode().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(answer.status(ex), out.length);
    ex.getResponseBody().write(out);
    ex.close();
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String url() {
    if (server == null) {
      throw new IllegalStateException("EchoUpstream: not started (register it with @RegisterExtension, before its gateway)");
    }
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public int port() {
    url();
    return server.getAddress().getPort();
  }

  /** How many requests have reached it. */
  public int calls() {
    return calls.get();
  }
}
